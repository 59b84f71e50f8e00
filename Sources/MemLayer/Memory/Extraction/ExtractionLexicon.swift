import Foundation
import Logging

/// The word lists that keep extraction to what a turn supports: phrases with which a user asks
/// to be reminded, phrases and question openers that say a sentence is not such a request, and
/// predicates whose object must be a place.
///
/// They ship as data, one file per language, in `models/extraction/` (`en.txt`), found like the
/// salience prototypes; the lists of every file there are used together.
struct ExtractionLexicon: WordListFolder, Sendable, Equatable {
    /// Phrases that ask for a reminder ("remind me", "don't let me forget").
    var reminderPhrases: [[String]] = []
    /// Phrases that make a sentence a request for something known ("remind me what").
    var notReminderPhrases: [[String]] = []
    /// First words of a question ("what", "is") when the sentence ends with "?".
    var questionOpeners: Set<String> = []
    /// Predicates (stored form, `lives_in`) whose object is a place, never a person.
    var placePredicates: Set<String> = []

    static let folderName = "extraction"

    /// The shipped lists, read once per process; nil (with the reason logged, once) when they
    /// cannot be read — extraction then creates no tasks, rather than any.
    static let shipped = loadOrWarn(logger: Logger(label: "memlayer.extraction"))

    static let lossWithoutLists = "extracted reminders are dropped"

    static let listName = "extraction"

    func validate(readFrom folder: URL) throws {
        guard !reminderPhrases.isEmpty else {
            throw LexiconError("the extraction word lists in \(folder.path) hold no [reminder] phrases")
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
            let words = Self.words(line)
            guard !words.isEmpty else { continue }
            switch section {
            case "reminder": reminderPhrases.append(words)
            case "not-reminder": notReminderPhrases.append(words)
            case "question": questionOpeners.formUnion(words.prefix(1))
            case "place-predicate": placePredicates.insert(EntityName.predicate(line))
            default: break
            }
        }
    }

    /// True when a sentence of `text` — the user's own words — asks to be reminded: it holds a
    /// reminder phrase, no phrase that makes it a request for something known, and is not a
    /// question ("is there a reminder for Friday?").
    func asksForReminder(_ text: String) -> Bool {
        Self.sentences(text).contains { sentence, isQuestion in
            let words = Self.words(sentence)
            guard let first = words.first, reminderPhrases.contains(where: { Self.contains(words, $0) }) else {
                return false
            }
            if isQuestion, questionOpeners.contains(first) { return false }
            return !notReminderPhrases.contains { Self.contains(words, $0) }
        }
    }

    /// Lower-cased words (letters, digits and inner apostrophes; curly apostrophes made straight).
    static func words(_ text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
            .split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .filter { !$0.isEmpty }
    }

    /// The sentences of `text`, each with whether it ended with a question mark.
    static func sentences(_ text: String) -> [(text: String, isQuestion: Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        for character in text {
            if ".!?;\n".contains(character) {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append((current, character == "?")) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append((current, false)) }
        return result
    }

    /// True when `phrase` occurs in `words` as consecutive whole words.
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in
            words[start..<(start + phrase.count)].elementsEqual(phrase)
        }
    }
}

/// Why the extraction word lists could not be read; the message says where they were looked for.
struct LexiconError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
