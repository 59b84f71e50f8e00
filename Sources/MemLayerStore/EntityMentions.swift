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
    private var firstWords: Set<String> = []
    private var longest = 0

    /// `names` pairs each entity's canonical name with one way it is spelled (the name itself or
    /// an alias).
    init<Names: Sequence>(_ names: Names) where Names.Element == (entity: String, spelling: String) {
        for (entity, spelling) in names {
            let words =
                Self.isPlain(spelling) ? spelling.split(separator: " ").map(String.init) : Self.words(in: spelling)
            guard !words.isEmpty, words.count <= Self.maximumWords else { continue }
            spellings[words.joined(separator: " "), default: []].insert(entity)
            firstWords.insert(words[0])
            longest = max(longest, words.count)
        }
    }

    /// The canonical names of the entities `text` names.
    func entities(in text: String) -> Set<String> {
        guard !spellings.isEmpty else { return [] }
        let words = Self.words(in: text)
        var found: Set<String> = []
        for start in words.indices where firstWords.contains(words[start]) {
            var run = ""
            for end in start..<min(start + longest, words.count) {
                if end > start { run += " " }
                run += words[end]
                if let entities = spellings[run] { found.formUnion(entities) }
            }
        }
        return found
    }

    /// Whether `spelling` is already in ``words(in:)``'s form: lower-case ASCII letters and digits
    /// in words one space apart, as most canonical names are. They skip the general (slower) path.
    private static func isPlain(_ spelling: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in spelling.utf8 {
            let isWordByte = (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte)
            guard isWordByte || (byte == 0x20 && previous != 0x20) else { return false }
            previous = byte
        }
        return previous != 0x20
    }

    /// Lower-cased words with surrounding punctuation and a possessive `'s` removed.
    ///
    /// Works on Unicode scalars: every entity name passes through here on each deep search, and
    /// scalar tests are several times cheaper than grapheme (`Character`) ones.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        let scalars = text.lowercased().unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace || breaks.contains(scalar) {
                if start < index, let word = word(scalars[start..<index]) { words.append(word) }
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        if start < scalars.endIndex, let word = word(scalars[start...]) { words.append(word) }
        return words
    }

    /// `piece` without punctuation at either end (`.`, `'`, `-`, … but not symbols such as `+`,
    /// which belong to names like "C++") and without a possessive `'s`; nil when nothing is left.
    private static func word(_ piece: String.UnicodeScalarView.SubSequence) -> String? {
        var piece = piece
        trimPunctuation(&piece)
        if piece.count > 2, piece.last == "s", let apostrophe = piece.dropLast().last,
            apostrophe == "'" || apostrophe == "\u{2019}"
        {
            piece = piece.dropLast(2)
            trimPunctuation(&piece)
        }
        return piece.isEmpty ? nil : String(piece)
    }

    private static func trimPunctuation(_ piece: inout String.UnicodeScalarView.SubSequence) {
        while let first = piece.first, isPunctuation(first) { piece.removeFirst() }
        while let last = piece.last, isPunctuation(last) { piece.removeLast() }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default: false
        }
    }

    /// Punctuation that separates words even without white space ("Porto,Lisbon", "(Dana)").
    private static let breaks: Set<Unicode.Scalar> = [
        ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "\"", "“", "”", "„", "«", "»", "…", "/", "|",
    ]
}
