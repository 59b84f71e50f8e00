/// Finds which of a user's entities a text names: canonical names and aliases, matched as whole
/// words regardless of case ("Dana" in "dana's bike", not "al" in "also").
///
/// Texts are split into words at white space and at punctuation that never sits inside a name
/// (`,;:!?()[]{}"…`); each word loses the punctuation around it and a possessive `'s`. Every run
/// of up to ``maximumWords`` consecutive words is then looked up, so multi-word names ("Acme
/// Corp", "Bank of the West") match too.
struct EntityMentions {
    /// A name longer than this many words is never matched.
    static let maximumWords = 8

    /// Spelling (canonical form, words joined by one space) → canonical names of the entities
    /// spelled that way. An alias may be shared by several entities.
    private var spellings: [String: Set<String>] = [:]
    /// The first words of all spellings: a run is only looked up when it starts with one.
    private var firstWords: Set<Substring> = []
    private var longest = 0

    /// `names` pairs each entity's canonical name with one way it is spelled (the name itself or
    /// an alias).
    init<Names: Sequence>(_ names: Names) where Names.Element == (entity: String, spelling: String) {
        for (entity, spelling) in names {
            let words = Self.words(in: spelling)
            guard !words.isEmpty, words.count <= Self.maximumWords else { continue }
            spellings[words.joined(separator: " "), default: []].insert(entity)
            firstWords.insert(Substring(words[0]))
            longest = max(longest, words.count)
        }
    }

    /// The canonical names of the entities `text` names.
    func entities(in text: String) -> Set<String> {
        guard !spellings.isEmpty else { return [] }
        let words = Self.words(in: text)
        var found: Set<String> = []
        for start in words.indices where firstWords.contains(Substring(words[start])) {
            var run = ""
            for end in start..<min(start + longest, words.count) {
                if end > start { run += " " }
                run += words[end]
                if let entities = spellings[run] { found.formUnion(entities) }
            }
        }
        return found
    }

    /// Lower-cased words with surrounding punctuation and a possessive `'s` removed.
    static func words(in text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0.isWhitespace || breaks.contains($0) }).compactMap { piece in
            var word = piece.trimmingPunctuation()
            for suffix in ["'s", "’s"] where word.count > suffix.count && word.hasSuffix(suffix) {
                word = word.dropLast(suffix.count).trimmingPunctuation()
            }
            return word.isEmpty ? nil : String(word)
        }
    }

    /// Punctuation that separates words even without white space ("Porto,Lisbon", "(Dana)").
    private static let breaks: Set<Character> = [
        ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "\"", "“", "”", "„", "«", "»", "…", "/", "|",
    ]
}

extension Substring {
    /// Drops punctuation at both ends (`.`, `'`, `-`, …) but keeps symbols such as `+` or `#`,
    /// which belong to names like "C++".
    fileprivate func trimmingPunctuation() -> Substring {
        var result = self
        while let first = result.first, first.isPunctuation { result.removeFirst() }
        while let last = result.last, last.isPunctuation { result.removeLast() }
        return result
    }
}
