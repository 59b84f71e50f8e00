import Foundation

/// Patterns of clear personal facts: who the user is, where they work and live, family, likes
/// and dislikes, health, dates and plans, possessions, and explicit requests to remember. The
/// patterns are data, `[pattern …]` sections of `models/salience/rules/*.txt`
/// (`SalienceLexicon`); this type holds the matching logic.
///
/// Statement patterns apply only to clauses that state something (not questions, not requests
/// to the assistant): "my sister lives in Toronto" is a fact, "where does my sister live?" is
/// not. Request patterns ("remind me to…", "always answer in Spanish") apply to any clause.
/// Matching ignores case; names are found separately, case-aware (``SalienceRules``).
enum PersonalFactPatterns {
    /// A compiled pattern with the category it reports.
    struct Pattern: Sendable {
        let category: String
        let expression: NSRegularExpression
        /// Also applies to questions and requests.
        let inAnyClause: Bool
        /// Applies only when the clause names the user (I, my, we, our, me…).
        let needsFirstPerson: Bool

        func matches(_ text: String) -> Bool {
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    /// The first category whose pattern matches `clause`.
    static func category(of clause: SalienceText.Clause) -> String? {
        let isStatement = !clause.isQuestion && !SalienceRules.isRequest(clause)
        let firstPerson = mentionsUser(clause)
        for pattern in SalienceLexicon.current.factPatterns where pattern.inAnyClause || isStatement {
            if pattern.needsFirstPerson && !firstPerson { continue }
            if pattern.matches(clause.text) { return pattern.category }
        }
        return nil
    }

    /// The clause is about the speaker: I, me, my, we, our… (in a few languages).
    static func mentionsUser(_ clause: SalienceText.Clause) -> Bool {
        let lexicon = SalienceLexicon.current
        return clause.words.contains { word in
            lexicon.factFirstPerson.contains(word.lower)
                || lexicon.factFirstPersonPrefixes.contains { word.lower.hasPrefix($0) }
        }
    }
}
