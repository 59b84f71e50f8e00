import Foundation

/// The sections of every salience rule file, checked: each word list is known and sits in a file
/// that may hold it, `en.txt` holds every list the English rules need, and every expression
/// compiles. Errors name the file and line.
struct SalienceLexiconSections {
    /// Which files a word list may sit in, and which of them the code reads.
    enum Scope {
        /// Only `en.txt`: the English rules and the lightweight scorer read it.
        case english
        /// Only the other languages' files, read together.
        case otherLanguages
        /// `en.txt` for the English rules (required there), the other files for other languages.
        case englishAndOtherLanguages
        /// Every file, read together (required in `en.txt`).
        case every
        /// Every file, read together; no file needs it.
        case anyFile
    }

    /// Every word list the code reads, with its scope.
    static let wordLists: [String: Scope] = [
        "discourse_openers": .english, "question_tags": .english, "abbreviations": .english,
        "wonder_lead_words": .english, "wonder_question_words": .english, "request_lead_words": .english,
        "capitalised_non_names": .english, "self_introductions": .english, "signal_subjects": .english,
        "signal_possessives": .english, "bare_opinions": .english, "life_events": .english,
        "personal_topics": .english, "assistant_words": .english, "common_english": .english,
        "ask_first_person": .englishAndOtherLanguages, "request_verbs": .englishAndOtherLanguages,
        "question_openers": .every, "fact_first_person": .every, "fact_first_person_prefixes": .anyFile,
        "function_words": .otherLanguages, "function_word_prefixes": .otherLanguages,
        "ask_first_person_prefixes": .otherLanguages, "ask_first_person_infixes": .otherLanguages,
        "request_verb_suffixes": .otherLanguages, "request_prefixes": .otherLanguages,
        "request_suffixes": .otherLanguages, "please": .otherLanguages,
    ]

    /// The named expressions the lightweight scorer uses (in `en.txt`).
    static let regexes: Set<String> = ["time_signal", "preference_signal"]

    private var englishLists: [String: [String]] = [:]
    private var otherLists: [String: [String]] = [:]
    private var englishRegexes: [String: NSRegularExpression] = [:]
    /// Fact patterns of every file, `en.txt` first, each with its file, line and category rank.
    private var patternSources: [(category: String, pattern: PersonalFactPatterns.Pattern)] = []

    /// No sections: the empty lexicon, whose lists are empty and whose expressions never match.
    init() {}

    /// Checks `files`.
    init(files: [SalienceRuleFile]) throws {
        let english = files.filter { $0.name == SalienceLexicon.englishFileName }
        for file in english + files.filter({ $0.name != SalienceLexicon.englishFileName }) {
            let isEnglish = file.name == SalienceLexicon.englishFileName
            var defines: [String: String] = [:]
            for section in file.sections {
                switch section.kind {
                case .words:
                    guard let scope = Self.wordLists[section.name] else {
                        throw SalienceRuleFile.error(
                            file.name, section.line,
                            "unknown word list [\(section.name)] (known: \(Self.wordLists.keys.sorted().joined(separator: ", ")))")
                    }
                    if isEnglish && scope == .otherLanguages {
                        throw SalienceRuleFile.error(
                            file.name, section.line, "[\(section.name)] belongs in the other languages' files, not en.txt")
                    }
                    if !isEnglish && scope == .english {
                        throw SalienceRuleFile.error(
                            file.name, section.line, "[\(section.name)] is read from en.txt only")
                    }
                    if isEnglish {
                        englishLists[section.name, default: []] += section.entries
                    } else {
                        otherLists[section.name, default: []] += section.entries
                    }
                case .define:
                    defines[section.name] = try Self.expand(section, defines: defines, file: file.name)
                case .regex:
                    guard isEnglish, Self.regexes.contains(section.name) else {
                        throw SalienceRuleFile.error(
                            file.name, section.line,
                            "unknown expression [regex \(section.name)] (en.txt knows: "
                                + "\(Self.regexes.sorted().joined(separator: ", ")))")
                    }
                    englishRegexes[section.name] = try Self.compile(
                        Self.expand(section, defines: defines, file: file.name), section, file: file.name)
                case .pattern:
                    let expression = try Self.compile(
                        Self.expand(section, defines: defines, file: file.name), section, file: file.name)
                    patternSources.append(
                        (
                            section.name,
                            PersonalFactPatterns.Pattern(
                                category: section.name, expression: expression,
                                inAnyClause: section.options.contains("any clause"),
                                needsFirstPerson: section.options.contains("first person"))
                        ))
                }
            }
        }
        guard !english.isEmpty else {
            throw SalienceError(.prototypeFiles, "the salience rules need an \(SalienceLexicon.englishFileName)")
        }
        let required = Self.wordLists.filter { $0.value != .otherLanguages && $0.value != .anyFile }.keys.sorted()
        if let missing = required.first(where: { englishLists[$0] == nil }) {
            throw SalienceError(.prototypeFiles, "salience rules en.txt: the word list [\(missing)] is missing")
        }
        if let missing = Self.regexes.sorted().first(where: { englishRegexes[$0] == nil }) {
            throw SalienceError(.prototypeFiles, "salience rules en.txt: the expression [regex \(missing)] is missing")
        }
        if patternSources.isEmpty {
            throw SalienceError(.prototypeFiles, "salience rules en.txt: no [pattern …] section")
        }
    }

    /// The fact patterns, grouped by category in the order categories first appear (`en.txt`
    /// first), so another language's patterns of a category are tried with the English ones.
    func patterns() throws -> [PersonalFactPatterns.Pattern] {
        var rank: [String: Int] = [:]
        for (category, _) in patternSources where rank[category] == nil { rank[category] = rank.count }
        return patternSources.enumerated()
            .sorted { (rank[$0.element.category]!, $0.offset) < (rank[$1.element.category]!, $1.offset) }
            .map(\.element.pattern)
    }

    func english(_ name: String) -> Set<String> { Set(englishLists[name] ?? []) }
    func englishEntries(_ name: String) -> [String] { englishLists[name] ?? [] }
    func others(_ name: String) -> Set<String> { Set(otherLists[name] ?? []) }
    func every(_ name: String) -> Set<String> { english(name).union(others(name)) }

    /// The named expression, or one that never matches (the empty lexicon).
    func regex(_ name: String) -> NSRegularExpression {
        // A constant expression; it always compiles.
        englishRegexes[name] ?? (try! NSRegularExpression(pattern: "(?!)"))
    }

    /// The section's expression with every `{name}` replaced by the fragment defined above it.
    private static func expand(
        _ section: SalienceRuleFile.Section, defines: [String: String], file: String
    ) throws -> String {
        var result = ""
        var rest = Substring(section.expression)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            let isProperty = result.hasSuffix("\\p") || result.hasSuffix("\\P")
            guard !isProperty, let close = rest[afterOpen...].firstIndex(of: "}"),
                let first = rest[afterOpen...].first, first.isLetter
            else {
                result.append("{")
                rest = rest[afterOpen...]
                continue
            }
            let name = String(rest[afterOpen..<close])
            guard let fragment = defines[name] else {
                throw SalienceRuleFile.error(
                    file, section.line, "{\(name)} is not a [define \(name)] above this section")
            }
            result += fragment
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private static func compile(
        _ pattern: String, _ section: SalienceRuleFile.Section, file: String
    ) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            throw SalienceRuleFile.error(
                file, section.line, "the expression of [\(section.kind.rawValue) \(section.name)] does not compile: \(error)")
        }
    }
}
