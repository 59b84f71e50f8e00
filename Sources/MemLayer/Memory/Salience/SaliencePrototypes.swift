import Foundation

/// The example sentences a prototype gate compares text against: some worth remembering, some
/// not.
///
/// The shipped sets live in `models/salience/salient.txt` and `models/salience/non_salient.txt`,
/// one sentence per line; blank lines and lines starting with `#` are ignored. ``setHash``
/// fingerprints the sentences (not comments or blank lines), so cached vectors are recomputed
/// exactly when a sentence changes.
public struct SaliencePrototypes: Sendable, Equatable {
    /// The file of sentences worth remembering.
    public static let salientFileName = "salient.txt"
    /// The file of sentences not worth remembering.
    public static let nonSalientFileName = "non_salient.txt"

    /// Sentences worth remembering.
    public let salient: [String]
    /// Sentences not worth remembering.
    public let nonSalient: [String]
    /// SHA-256 (hex) of both sets, the key of their cached vectors.
    public let setHash: String

    /// A set made in code. Both lists must hold at least one sentence.
    public init(salient: [String], nonSalient: [String]) throws {
        let salient = salient.map(Self.clean).filter { !$0.isEmpty }
        let nonSalient = nonSalient.map(Self.clean).filter { !$0.isEmpty }
        guard !salient.isEmpty, !nonSalient.isEmpty else {
            throw SalienceError(
                .prototypeFiles, "a prototype set needs at least one salient and one non-salient sentence")
        }
        self.salient = salient
        self.nonSalient = nonSalient
        // Sentences never contain a newline (they were lines), so this serialisation is unambiguous.
        let canonical =
            "memlayer-salience-prototypes-v1\nsalient\n" + salient.joined(separator: "\n")
            + "\nnon_salient\n" + nonSalient.joined(separator: "\n") + "\n"
        setHash = SHA256.hex(of: Array(canonical.utf8))
    }

    /// Reads the two files from `directory`, or from the first `salience/` folder that holds both
    /// among the places ``ModelLocation`` looks for models (`$MEMLAYER_MODELS`, `./models`,
    /// `models/` above the executable, the repository this library was built from).
    public static func load(from directory: URL? = nil) throws -> SaliencePrototypes {
        let folder = try directory ?? locate()
        func sentences(_ name: String) throws -> [String] {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SalienceError(.prototypeFiles, "cannot read the salience prototypes at \(url.path)")
            }
            return parse(String(decoding: data, as: UTF8.self))
        }
        let salient = try sentences(salientFileName)
        let nonSalient = try sentences(nonSalientFileName)
        guard !salient.isEmpty, !nonSalient.isEmpty else {
            throw SalienceError(
                .prototypeFiles,
                "\(folder.path) must hold sentences in both \(salientFileName) and \(nonSalientFileName), one per line")
        }
        return try SaliencePrototypes(salient: salient, nonSalient: nonSalient)
    }

    /// The shipped `salience/` folder.
    public static func locate() throws -> URL {
        let candidates = ModelLocation.candidateRoots().map { $0.appendingPathComponent("salience") }
        let fileManager = FileManager.default
        for folder in candidates
        where [salientFileName, nonSalientFileName].allSatisfy({
            fileManager.fileExists(atPath: folder.appendingPathComponent($0).path)
        }) {
            return folder
        }
        throw SalienceError(
            .prototypeFiles,
            "the salience prototype files are missing (looked in: \(candidates.map(\.path).joined(separator: ", "))); "
                + "they ship in the repository's models/salience/ — set MEMLAYER_MODELS to a models folder that "
                + "holds salience/\(salientFileName) and salience/\(nonSalientFileName)")
    }

    /// The sentences of one file: trimmed lines, without blanks and `#` comments.
    static func parse(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map(clean)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private static func clean(_ sentence: some StringProtocol) -> String {
        sentence.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
