import Foundation
import Logging

/// Greetings, thanks, acknowledgements, fillers and farewells: a text made only of these says
/// nothing worth an extraction call. The phrases are data, one file per language in
/// `models/salience/small_talk/` (see ``SmallTalkPhrases``); this type holds the matching logic.
///
/// Words are compared in a folded form — lower-cased, apostrophes dropped, repeated letters
/// collapsed — so `Thaaanks!!`, `thnx`, `OK COOL` and `sooo good` match their plain spellings.
/// A text is small talk when its words can be cut, left to right, into phrases of the lexicon
/// (`ok cool thanks` = `ok` + `cool` + `thanks`); one word outside it (`ok cool, my flight…`)
/// and it is not.
enum SmallTalkLexicon {
    /// True when every word of `words` (lower-cased) is covered by phrases of the lexicon.
    static func covers(_ words: [String]) -> Bool {
        let folded = words.map(fold).filter { !$0.isEmpty }
        guard !folded.isEmpty else { return true }
        var reachable = [Bool](repeating: false, count: folded.count + 1)
        reachable[0] = true
        for start in 0..<folded.count where reachable[start] {
            if isLaughter(folded[start]) { reachable[start + 1] = true }
            for length in 1...min(maximumPhraseLength, folded.count - start)
            where phrases.contains(folded[start..<(start + length)].joined(separator: " ")) {
                reachable[start + length] = true
            }
        }
        return reachable[folded.count]
    }

    /// Lower-cased, apostrophes and dots dropped, runs of one letter collapsed (`thaaanks` → `thanks`).
    static func fold(_ word: String) -> String {
        var result = ""
        for character in word.lowercased() where character != "'" && character != "." {
            if character.isLetter, result.last == character { continue }
            result.append(character)
        }
        return result
    }

    /// `haha`, `hehe`, `ahah`, `lol`, `lolol` (already folded); `xd`, `lmao` and the like are
    /// phrases of the word lists.
    private static func isLaughter(_ word: String) -> Bool {
        if word.count >= 3, word.hasPrefix("l"), word.hasSuffix("l"), word.allSatisfy({ $0 == "l" || $0 == "o" }) {
            return true
        }
        return word.count >= 3 && word.contains("h") && word.allSatisfy { "hae".contains($0) }
    }

    private static let maximumPhraseLength = 5

    /// The folded phrases of the shipped word lists (`models/salience/small_talk/*.txt`).
    private static var phrases: Set<String> { shipped.phrases }

    /// The shipped lists, read once per process. Without them no text counts as small talk, so
    /// every turn the other rules leave open goes to the extraction model (a warning says so once).
    static let shipped = SmallTalkPhrases.loadOrWarn(logger: Logger(label: "memlayer.salience"))
}

/// The small-talk phrases of every word-list file in `models/salience/small_talk/`, folded, with
/// a SHA-256 of the files' content, found like the salience prototypes (``ModelLocation``).
struct SmallTalkPhrases: Sendable, Equatable {
    static let folderName = "small_talk"

    let phrases: Set<String>
    /// SHA-256 (hex) of the files, in name order: names which version of the lists decided.
    let contentHash: String

    /// The phrases of `directory` (or the shipped ones); none, with a warning on `logger` saying
    /// why and what is lost, when they cannot be read.
    static func loadOrWarn(from directory: URL? = nil, logger: Logger) -> SmallTalkPhrases {
        do {
            return try load(from: directory)
        } catch {
            logger.warning("\(error); no turn is skipped as small talk")
            return SmallTalkPhrases(phrases: [], contentHash: "none")
        }
    }

    /// Reads every `.txt` file of `directory`, or of the shipped `salience/small_talk/` folder.
    static func load(from directory: URL? = nil) throws -> SmallTalkPhrases {
        let folder = try directory ?? locate()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        var phrases: Set<String> = []
        var bytes: [UInt8] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SalienceError(.prototypeFiles, "cannot read the small-talk word list at \(url.path)")
            }
            bytes += Array(name.utf8) + [0] + Array(data) + [0]
            for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") || (line.hasPrefix("[") && line.hasSuffix("]")) { continue }
                phrases.insert(line.split(separator: " ").map { SmallTalkLexicon.fold(String($0)) }.joined(separator: " "))
            }
        }
        guard !phrases.isEmpty else {
            throw SalienceError(.prototypeFiles, "the small-talk word lists in \(folder.path) hold no phrases")
        }
        return SmallTalkPhrases(phrases: phrases, contentHash: SHA256.hex(of: bytes))
    }

    /// The shipped `salience/small_talk/` folder.
    static func locate() throws -> URL {
        let candidates = ModelLocation.candidateRoots().map {
            $0.appendingPathComponent("salience").appendingPathComponent(folderName)
        }
        for folder in candidates
        where FileManager.default.fileExists(atPath: folder.appendingPathComponent("en.txt").path) {
            return folder
        }
        throw SalienceError(
            .prototypeFiles,
            "the small-talk word lists are missing (looked in: \(candidates.map(\.path).joined(separator: ", "))); "
                + "they ship in the repository's models/salience/small_talk/ — set MEMLAYER_MODELS to a models "
                + "folder that holds salience/small_talk/en.txt")
    }
}
