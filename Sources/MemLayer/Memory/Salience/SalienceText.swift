import Foundation

/// A chat text split the way the salience rules and scorers read it: sentences, clauses (comma
/// parts of a sentence) that know whether they ask something, and words that keep their case.
/// The words that open questions, question tags and abbreviations are data
/// (`models/salience/rules/*.txt`, `SalienceLexicon`).
struct SalienceText {
    /// One word as typed, with the lower-cased form the lexicons use.
    struct Word {
        /// The word as typed (letters, digits and inner apostrophes or hyphens).
        let text: String
        /// Lower-cased, with typographic apostrophes made plain.
        let lower: String
        /// Starts with an upper-case letter.
        var isCapitalised: Bool { text.first?.isUppercase == true }
        /// Every letter is upper-case (and there are at least two).
        var isAllCaps: Bool { text.count > 1 && text.allSatisfy { !$0.isLetter || $0.isUppercase } }
    }

    /// A comma-separated part of a sentence.
    struct Clause {
        /// The clause as typed, trimmed, apostrophes made plain.
        let text: String
        let words: [Word]
        /// Asks something: begins with a question word or auxiliary, or ends a sentence that
        /// ends with `?`.
        let isQuestion: Bool
        /// The first clause of its sentence (its first word is capitalised by convention, not
        /// because it is a name).
        let startsSentence: Bool
    }

    let sentences: [String]

    /// Every clause that is not a pleasantry asks something or asks for something, and no word
    /// refers to the writer: the text states nothing about the user. The rule stage asks this in
    /// English and, with other word lists, in other languages.
    func isImpersonalAsk(
        pleasantry: (Clause) -> Bool, request: (Clause) -> Bool, refersToUser: (Word) -> Bool
    ) -> Bool {
        let content = clauses.filter { !pleasantry($0) }
        return !content.isEmpty && content.allSatisfy { $0.isQuestion || request($0) }
            && !words.contains(where: refersToUser)
    }
    let clauses: [Clause]
    /// Every word, in order.
    var words: [Word] { clauses.flatMap(\.words) }
    /// True when capitals carry no information: the text is in Title Case or shouted, so a
    /// capitalised word says nothing about names.
    let capitalsAreUninformative: Bool

    init(_ original: String) {
        let text = original.replacingOccurrences(of: "\u{2019}", with: "'")
            .replacingOccurrences(of: "\u{2018}", with: "'")
        var sentences: [String] = []
        var clauses: [Clause] = []
        for (sentence, asks) in Self.splitSentences(text) {
            sentences.append(sentence)
            let parts = sentence.split(whereSeparator: { ",:\u{2014}()".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            // "The Beatles were from Liverpool, right?" asks about the whole sentence.
            let tagged = asks && parts.count > 1 && Self.isTag(Self.words(in: parts[parts.count - 1]))
            for (index, part) in parts.enumerated() {
                let words = Self.words(in: part)
                guard !words.isEmpty else { continue }
                let opensWithQuestion = Self.opensQuestion(words)
                clauses.append(
                    Clause(
                        text: part, words: words,
                        isQuestion: opensWithQuestion || tagged || (asks && index == parts.count - 1),
                        startsSentence: index == 0))
            }
        }
        self.sentences = sentences
        self.clauses = clauses
        let all = clauses.flatMap { clause in clause.words.filter { $0.text.first?.isLetter == true } }
        let capitalised = all.filter(\.isCapitalised).count
        capitalsAreUninformative =
            all.count >= 2 && (Double(capitalised) / Double(all.count) > 0.6 || all.allSatisfy(\.isAllCaps))
    }

    /// Opens with a question word, after any discourse openers ("so what…"), or is a question
    /// put as a statement ("I was wondering how…").
    private static func opensQuestion(_ words: [Word]) -> Bool {
        let lexicon = SalienceLexicon.current
        guard let start = words.firstIndex(where: { !lexicon.discourseOpeners.contains($0.lower) }) else {
            return false
        }
        if lexicon.questionOpeners.contains(words[start].lower) { return true }
        // "I was wondering how vaccines are tested": a question put as a statement.
        let opening = words[start...].prefix(4).map(\.lower)
        guard let wonder = opening.firstIndex(where: { $0.hasPrefix("wonder") }), wonder + 1 < opening.count,
            opening[..<wonder].allSatisfy({ lexicon.wonderLeadWords.contains($0) })
        else { return false }
        return lexicon.wonderQuestionWords.contains(opening[wonder + 1])
    }

    /// A question tag such as "right", "correct", "isn't it", "no".
    private static func isTag(_ words: [Word]) -> Bool {
        words.count <= 3 && words.first.map { SalienceLexicon.current.questionTags.contains($0.lower) } == true
    }

    /// Sentences and whether each ended with a question mark. A full stop ends a sentence only
    /// before white space or the end, and not after a short abbreviation such as `Dr.`, so
    /// decimals, e-mail addresses and titles stay whole.
    private static func splitSentences(_ text: String) -> [(String, Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        var asks = false
        let characters = Array(text)
        func finish() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { result.append((trimmed, asks)) }
            current = ""
            asks = false
        }
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "?", "¿", "？", "؟":
                // The full-width (CJK) and Arabic question marks end a question like "?".
                let ends = character != "¿"
                if ends { asks = true }
                if ends, next.map({ $0.isWhitespace || $0.isNewline }) ?? true { finish() }
            case "!", ";":
                current.append(character)
                if next.map({ $0.isWhitespace || $0.isNewline }) ?? true { finish() }
            case ".":
                current.append(character)
                let endsHere = next.map { $0.isWhitespace || $0.isNewline } ?? true
                if endsHere && !endsWithAbbreviation(current) { finish() }
            case _ where character.isNewline:
                finish()
            default:
                current.append(character)
            }
        }
        finish()
        return result
    }

    private static func endsWithAbbreviation(_ text: String) -> Bool {
        let last = text.dropLast().split(whereSeparator: \.isWhitespace).last.map { $0.lowercased() } ?? ""
        return SalienceLexicon.current.abbreviations.contains(last) || (last.count == 1 && last.first?.isLetter == true)
    }

    /// Runs of letters and digits, keeping inner apostrophes, hyphens, dots and `@` (so `don't`,
    /// `t-shirt`, `3.5` and `j.doe@acme.io` stay one word).
    static func words(in text: some StringProtocol) -> [Word] {
        var words: [Word] = []
        var current = ""
        let joiners: Set<Character> = ["'", "-", ".", "@", "_"]
        let characters = Array(text)
        func flush() {
            while let last = current.last, joiners.contains(last) { current.removeLast() }
            if !current.isEmpty {
                words.append(Word(text: current, lower: current.lowercased()))
            }
            current = ""
        }
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if joiners.contains(character), !current.isEmpty,
                index + 1 < characters.count, characters[index + 1].isLetter || characters[index + 1].isNumber
            {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return words
    }
}
