/// The cheap first stage of every salience gate: settles the obvious cases without a model.
///
/// Small talk — greetings, thanks, acknowledgements, fillers, laughter, farewells ("hi",
/// "thanks!", "ok cool", "lol", "sounds good", "bye") — is skipped. Clear personal facts — the
/// user's name, work, home, family, preferences, health, dates and deadlines, appointments,
/// reminders, plans, possessions — are kept. Everything else is left to the mode's scorer.
///
/// The rules read case: a name is a capitalised word where a name goes ("I'm Dana", "call me
/// Sam"), never a pair of capitalised words anywhere ("Good Morning Everyone", "New York Times"),
/// and capitals mean nothing in text that is Title Cased or shouted. Facts are looked for only in
/// clauses that state something, so "my birthday is June 3" is kept and "when is my birthday?"
/// is not.
///
/// The word lists and patterns are data, `models/salience/rules/*.txt` (`SalienceLexicon`);
/// this type holds the logic.
public struct SalienceRules: Sendable {
    /// Creates the rule stage.
    public init() {}

    /// The decision when the rules settle `text`, else nil. A kept text scores 1, a skipped one −1.
    public func verdict(for text: String) -> SalienceDecision? {
        let parsed = SalienceText(text)
        let words = parsed.words
        guard words.contains(where: { $0.text.contains(where: { $0.isLetter || $0.isNumber }) }) else {
            return SalienceDecision(isSalient: false, score: -1, reason: "rule: empty or symbols only")
        }
        if SmallTalkLexicon.covers(words.map(\.lower)) {
            return SalienceDecision(isSalient: false, score: -1, reason: "rule: small talk")
        }
        for clause in parsed.clauses {
            if let category = PersonalFactPatterns.category(of: clause) ?? nameCategory(in: clause, of: parsed) {
                return SalienceDecision(isSalient: true, score: 1, reason: "rule: \(category)")
            }
        }
        // The scorers are English-only: elsewhere, keep what is not small talk or an impersonal
        // ask, and let the extraction model, which reads the language, decide.
        if !OtherLanguages.isLikelyEnglish(parsed) {
            if OtherLanguages.isImpersonalAsk(parsed) {
                return SalienceDecision(
                    isSalient: false, score: -1, reason: "rule: question or request, nothing about the user")
            }
            return SalienceDecision(
                isSalient: true, score: 1, reason: "rule: not English; the extraction model judges it")
        }
        if isImpersonalAsk(parsed) {
            return SalienceDecision(
                isSalient: false, score: -1, reason: "rule: question or request, nothing about the user")
        }
        return nil
    }

    /// Every clause asks something or asks for something, and none says anything about the user
    /// ("what's the capital of Australia?", "explain TCP vs UDP"). A question that names the
    /// user ("what's my wife's name?") is left to the scorer.
    private func isImpersonalAsk(_ text: SalienceText) -> Bool {
        let user = SalienceLexicon.current.askFirstPerson
        // Pleasantries around the question ("Thanks! Can you explain…") do not change it.
        return text.isImpersonalAsk(
            pleasantry: { SmallTalkLexicon.covers($0.words.map(\.lower)) }, request: Self.isRequest,
            refersToUser: { user.contains($0.lower) })
    }

    /// A clause that asks the assistant to do something ("write a haiku", "tell me a joke"):
    /// it states nothing about the user.
    static func isRequest(_ clause: SalienceText.Clause) -> Bool {
        let lexicon = SalienceLexicon.current
        guard let first = clause.words.first(where: { !lexicon.requestLeadWords.contains($0.lower) }) else {
            return false
        }
        return lexicon.requestVerbs.contains(first.lower)
    }

    /// "I'm Dana", "I am Priya", "call me Sam": a capitalised word right after a self-introduction,
    /// when capitals are informative and the word is not a common capitalised non-name ("I'm Fine").
    private func nameCategory(in clause: SalienceText.Clause, of text: SalienceText) -> String? {
        guard !text.capitalsAreUninformative, !clause.isQuestion else { return nil }
        let lexicon = SalienceLexicon.current
        let words = clause.words
        for index in words.indices {
            // An introduction ("i'm", "i am", "call me") ends at `index`.
            let introduces = lexicon.selfIntroductions.contains { phrase in
                phrase.count <= index + 1
                    && zip(phrase, words[(index + 1 - phrase.count)...index]).allSatisfy { $0 == $1.lower }
            }
            let position = index + 1
            guard introduces, position < words.count else { continue }
            let candidate = words[position]
            if candidate.isCapitalised, !candidate.isAllCaps, candidate.text.allSatisfy(\.isLetter),
                !lexicon.capitalisedNonNames.contains(candidate.lower)
            {
                return "self-introduction"
            }
        }
        return nil
    }
}
