import Foundation

/// One word-list and pattern file of the salience rules (`models/salience/rules/<language>.txt`),
/// parsed into its sections, in order. The format is line-based:
///
/// - Blank lines and lines starting with `#` are ignored.
/// - `[name]` starts a word list: one entry (a word or phrase) per following line, lower-cased.
/// - `[pattern category]` or `[pattern category | any clause, first person]` starts a fact
///   pattern; `[define name]` a fragment that later patterns of the same file use as `{name}`;
///   `[regex name]` a named expression the scorer uses. Their following lines are trimmed and
///   joined with nothing between them, so a long expression may be broken over lines anywhere
///   except next to a space that matters.
///
/// What each section means is `SalienceLexicon`'s; this type only reads the file and says,
/// with the file name and line, what is malformed.
struct SalienceRuleFile: Sendable {
    /// What a section holds.
    enum Kind: String, Sendable {
        case words, define, pattern, regex
    }

    /// One `[…]` section and the lines under it.
    struct Section: Sendable {
        let kind: Kind
        /// The list, fragment or expression name, or the pattern's category.
        let name: String
        /// The options of a pattern (`any clause`, `first person`).
        let options: Set<String>
        /// The line of the `[…]` header (1-based).
        let line: Int
        /// The entries of a word list, or the pieces of an expression.
        var entries: [String] = []

        /// The pieces joined: the expression of a `pattern`, `define` or `regex` section.
        var expression: String { entries.joined() }
    }

    /// The pattern options a file may use.
    static let patternOptions: Set<String> = ["any clause", "first person"]

    /// The file name (`en.txt`), used in errors.
    let name: String
    /// The language code: the file name without `.txt`.
    var language: String { String(name.dropLast(4)) }
    let sections: [Section]

    /// Parses `text`, the content of the file called `name`.
    init(name: String, text: String) throws {
        self.name = name
        var sections: [Section] = []
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                sections.append(try Self.header(line, file: name, line: offset + 1))
                continue
            }
            guard !sections.isEmpty else {
                throw Self.error(name, offset + 1, "`\(line)` comes before any [section] header")
            }
            let entry =
                sections[sections.count - 1].kind == .words
                ? Self.normalise(line) : line
            sections[sections.count - 1].entries.append(entry)
        }
        for section in sections where section.entries.isEmpty {
            throw Self.error(name, section.line, "section [\(section.name)] has no entries")
        }
        self.sections = sections
    }

    /// An error that names the file and line.
    static func error(_ file: String, _ line: Int, _ message: String) -> SalienceError {
        SalienceError(.prototypeFiles, "salience rules \(file), line \(line): \(message)")
    }

    /// A word-list entry as the rules compare it: lower-cased, typographic apostrophes made
    /// plain, runs of white space made one space.
    static func normalise(_ entry: String) -> String {
        entry.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func header(_ line: String, file: String, line number: Int) throws -> Section {
        guard line.hasSuffix("]"), line.count > 2 else {
            throw error(file, number, "a section header is `[name]`, `[pattern category]`, `[define name]` or "
                + "`[regex name]`; found `\(line)`")
        }
        let inner = line.dropFirst().dropLast()
        let parts = inner.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let words = parts[0].split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { throw error(file, number, "empty section header `\(line)`") }
        let kind = Kind(rawValue: first).flatMap { $0 == .words ? nil : $0 } ?? .words
        let name = (kind == .words ? words : Array(words.dropFirst())).joined(separator: " ")
        guard !name.isEmpty else { throw error(file, number, "`\(line)` needs a name after `\(first)`") }
        if kind == .words || kind == .define || kind == .regex {
            guard words.count == (kind == .words ? 1 : 2), name.allSatisfy({ $0.isLetter || $0 == "_" || $0.isNumber })
            else {
                throw error(file, number, "a \(kind.rawValue) name is one word of letters, digits and `_`: `\(line)`")
            }
        }
        var options: Set<String> = []
        if parts.count > 1 {
            guard kind == .pattern else { throw error(file, number, "only a [pattern …] header takes options: `\(line)`") }
            for option in parts[1].split(separator: ",") {
                let option = option.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                guard patternOptions.contains(option) else {
                    throw error(
                        file, number,
                        "unknown pattern option `\(option)` (known: \(patternOptions.sorted().joined(separator: ", ")))")
                }
                options.insert(option)
            }
        }
        return Section(kind: kind, name: name, options: options, line: number)
    }
}
