import Foundation
import Logging

/// Word lists shipped as data, one `.txt` file per language in a folder of the models
/// (`models/extraction/`, `models/time/`), found where ``ModelLocation`` looks for models; the
/// entries of every file in the folder are used together. A conforming type says what its folder
/// is called, how one file's text is added, and what a usable set must hold.
protocol WordListFolder {
    /// The folder's name under a models folder (`extraction`, `time`).
    static var folderName: String { get }
    /// What the lists are for, in an error message ("extraction", "time").
    static var listName: String { get }
    /// What is lost when the lists cannot be read, in the warning ("time expressions are not resolved").
    static var lossWithoutLists: String { get }
    /// An empty set of lists.
    init()
    /// Adds the entries of one file.
    mutating func add(_ text: String)
    /// Throws when the lists read from `folder` lack what they need.
    func validate(readFrom folder: URL) throws
}

extension WordListFolder {
    /// The lists of `directory` (or the shipped ones), or nil with a warning on `logger` saying
    /// why and what is lost.
    static func loadOrWarn(from directory: URL? = nil, logger: Logger) -> Self? {
        do {
            return try load(from: directory)
        } catch {
            logger.warning("\(error); \(lossWithoutLists)")
            return nil
        }
    }

    /// Reads every `.txt` file of `directory`, or of the first shipped folder among the places
    /// ``ModelLocation`` looks for models.
    static func load(from directory: URL? = nil) throws -> Self {
        let folder = try directory ?? locate()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var lists = Self()
        for name in names.sorted() where name.hasSuffix(".txt") {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw LexiconError("cannot read the \(listName) word list at \(url.path)")
            }
            lists.add(String(decoding: data, as: UTF8.self))
        }
        try lists.validate(readFrom: folder)
        return lists
    }

    /// The shipped folder: the first candidate that holds `en.txt`.
    static func locate() throws -> URL {
        let candidates = ModelLocation.candidateRoots().map { $0.appendingPathComponent(folderName) }
        for folder in candidates
        where FileManager.default.fileExists(atPath: folder.appendingPathComponent("en.txt").path) {
            return folder
        }
        throw LexiconError(
            "the \(listName) word lists are missing (looked in: \(candidates.map(\.path).joined(separator: ", "))); "
                + "they ship in the repository's models/\(folderName)/ — set MEMLAYER_MODELS to a models folder that "
                + "holds \(folderName)/en.txt")
    }
}
