/// What the rule stage does with text that is not in English. The word lists are data, one file
/// per language in `models/salience/rules/` (`SalienceLexicon`); this type holds the logic.
///
/// The prototypes, patterns and keywords behind every gate mode are English; measured on a
/// multilingual set (Tests/…/Fixtures/salience_multilingual.tsv), the gate kept fewer than half of
/// the personal facts stated in other languages ("меня зовут Иван", "我对花生过敏"), and a fact
/// the gate drops is never extracted. So text that is not English is kept — the extraction model,
/// which reads the language, decides what is in it — unless it is small talk (the lexicon covers
/// common phrases in a dozen languages) or a question or request that says nothing about the user
/// ("wie spät ist es in Tokio?", "escribe un poema sobre el mar").
enum OtherLanguages {
    /// True unless `text` is clearly in another language: mostly non-Latin letters, or more
    /// function words of the other languages than common English words ("ich bin Lehrerin an
    /// einer Grundschule" has three to none; "Mount Everest is 8,849 meters tall" none either way).
    static func isLikelyEnglish(_ text: SalienceText) -> Bool {
        let letters = text.words.flatMap { $0.text.unicodeScalars.filter { $0.properties.isAlphabetic } }
        guard !letters.isEmpty else { return true }
        let latin = letters.filter { $0.value < 0x250 }.count
        if latin * 2 < letters.count { return letters.count < 2 }
        let lexicon = SalienceLexicon.current
        let english = text.words.filter { lexicon.commonEnglish.contains($0.lower) }.count
        // A capitalised word inside a clause is a name ("La Casa del Sol", "Das Boot"), not
        // evidence of a language.
        let other = text.clauses.flatMap { clause in
            clause.words.enumerated().filter { index, word in index == 0 || !word.isCapitalised }.map(\.element.lower)
        }.filter { word in
            lexicon.functionWords.contains(word) || lexicon.functionWordPrefixes.contains { word.hasPrefix($0) }
        }.count
        return other == 0 || other <= english
    }

    /// Every clause asks something or asks for something, and no word refers to the user
    /// ("je", "mein", "мой", "我"…): the text states nothing to remember.
    static func isImpersonalAsk(_ text: SalienceText) -> Bool {
        // Pleasantries around the ask ("traduz isto, por favor") do not change it.
        let please = SalienceLexicon.current.please
        return text.isImpersonalAsk(
            pleasantry: { clause in
                clause.words.allSatisfy { please.contains($0.lower) }
                    || SmallTalkLexicon.covers(clause.words.map(\.lower))
            },
            request: { clause in clause.words.first(where: { !please.contains($0.lower) }).map(isRequest) == true },
            refersToUser: refersToUser)
    }

    private static func isRequest(_ word: SalienceText.Word) -> Bool {
        let lexicon = SalienceLexicon.current
        let lower = word.lower
        if lexicon.otherRequestVerbs.contains(lower) { return true }
        // Imperatives with a pronoun attached: "spiegami", "dimmi", "explícame".
        if lexicon.otherRequestVerbSuffixes.contains(where: {
            lower.hasSuffix($0) && lexicon.otherRequestVerbs.contains(String(lower.dropLast($0.count)))
        }) {
            return true
        }
        // Chinese, Japanese and Korean requests open with "please" or close with "ください" / "주세요".
        return lexicon.otherRequestPrefixes.contains { lower.hasPrefix($0) }
            || lexicon.otherRequestSuffixes.contains { lower.hasSuffix($0) }
    }

    static func refersToUser(_ word: SalienceText.Word) -> Bool {
        let lexicon = SalienceLexicon.current
        let lower = word.lower
        if lexicon.otherAskFirstPerson.contains(lower) { return true }
        if lexicon.otherAskFirstPersonPrefixes.contains(where: { lower.hasPrefix($0) }) { return true }
        // Scripts without spaces: the pronoun sits inside the "word".
        return lexicon.otherAskFirstPersonInfixes.contains { lower.contains($0) }
    }
}
