import Foundation
import Logging

/// The words of time expressions — month and weekday names, counts, units, "yesterday", "ago" —
/// read from the data files in `models/time/` (`en.txt`), found like the extraction word lists;
/// the entries of every file there are used together. What the words mean (a month's span, a
/// week from Monday) is ``TimeExpressionResolver``'s.
struct TimeLexicon: WordListFolder, Sendable, Equatable {
    /// One entry: its words and the value after `|` (empty when the section needs none).
    struct Entry: Sendable, Equatable {
        var words: [String]
        var value: String
    }

    /// Entries by section name (`month`, `weekday`, `unit`, …), longest phrase first.
    private(set) var sections: [String: [Entry]] = [:]
    /// Every word of every entry: a text holding none of them (and no digit) names no time.
    private var allWords: Set<String> = []

    static let folderName = "time"

    /// The shipped lists, read once per process; nil (with the reason logged, once) when they
    /// cannot be read — queries then get no time window, and search still works.
    static let shipped = loadOrWarn(logger: Logger(label: "memlayer.time"))

    static let lossWithoutLists = "time expressions are not resolved"

    static let listName = "time"

    func validate(readFrom folder: URL) throws {
        guard sections["month"]?.isEmpty == false, sections["unit"]?.isEmpty == false else {
            throw LexiconError("the time word lists in \(folder.path) hold no [month] or [unit] entries")
        }
    }

    /// Adds the sections of one file.
    mutating func add(_ text: String) {
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let words = TimeToken.words(parts[0])
            guard !section.isEmpty, !words.isEmpty else { continue }
            sections[section, default: []].append(Entry(words: words, value: parts.count > 1 ? parts[1] : ""))
            allWords.formUnion(words)
        }
        for key in sections.keys { sections[key]!.sort { $0.words.count > $1.words.count } }
    }

    /// The longest entry of `section` whose words start at `tokens[index]`, with how many tokens
    /// it covers.
    func match(_ section: String, in tokens: [TimeToken], at index: Int) -> (entry: Entry, length: Int)? {
        guard let entries = sections[section], index < tokens.count else { return nil }
        for entry in entries where index + entry.words.count <= tokens.count {
            if zip(entry.words, tokens[index...]).allSatisfy({ $0 == $1.word }) { return (entry, entry.words.count) }
        }
        return nil
    }

    /// The value of the `section` entry that starts at `tokens[index]`, with its length.
    func value(_ section: String, in tokens: [TimeToken], at index: Int) -> (value: String, length: Int)? {
        match(section, in: tokens, at: index).map { ($0.entry.value, $0.length) }
    }

    /// Whether `section` has an entry starting at `tokens[index]`.
    func has(_ section: String, in tokens: [TimeToken], at index: Int) -> Bool {
        match(section, in: tokens, at: index) != nil
    }

    /// Whether `tokens` could hold a time expression at all: one of the lists' words or a number.
    /// False lets search skip the resolver, and with it the local time zone, whose first use
    /// loads ICU's zone data (about 4 MB in a one-shot `memlayer search`).
    func mayNameTime(_ tokens: [TimeToken]) -> Bool {
        tokens.contains { allWords.contains($0.word) || $0.word.contains(where: \.isNumber) }
    }
}

/// One word of a text, lower-cased, with where it stands in the text. Letters and digits make
/// words; a hyphen or slash between digits stays inside one (`2023-05-08`).
struct TimeToken: Sendable, Equatable {
    var word: String
    var range: Range<String.Index>

    /// The words of `text` with their ranges.
    static func tokens(_ text: String) -> [TimeToken] {
        var result: [TimeToken] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            let joinsDigits =
                (character == "-" || character == "/") && start != nil && text[text.index(before: index)].isNumber
                && next < text.endIndex && text[next].isNumber
            if character.isLetter || character.isNumber || joinsDigits {
                if start == nil { start = index }
            } else if let began = start {
                result.append(TimeToken(word: text[began..<index].lowercased(), range: began..<index))
                start = nil
            }
            index = next
        }
        if let began = start {
            result.append(TimeToken(word: text[began...].lowercased(), range: began..<text.endIndex))
        }
        return result
    }

    /// Just the words.
    static func words(_ text: String) -> [String] { tokens(text).map(\.word) }
}
