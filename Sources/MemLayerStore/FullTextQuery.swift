import Foundation

/// An FTS5 `MATCH` expression built from arbitrary user text, safe by construction: every term
/// is a quoted string of letters and digits, so quotes, `*`, `-`, `^`, `:`, parentheses and the
/// words `AND`, `OR`, `NOT`, `NEAR` in the input are never read as query syntax.
///
/// Terms are OR-ed (bm25 ranks documents that match more and rarer terms first). Common English
/// words are dropped unless nothing else is left, because a term that matches most rows adds
/// little to bm25 and makes every row a candidate to score. The index stems words (Porter, store
/// version 3), and words of four or more letters also match as prefixes (`vegetarian` finds
/// `vegetarians`, `photo` finds `photographer`), which stemming alone does not cover.
package struct FullTextQuery: Sendable, Equatable {
    /// The terms, lower-cased, in first-seen order.
    package let terms: [String]
    /// The `MATCH` expression, or nil when the text has no searchable word.
    let expression: String?

    /// At most this many terms are kept: a pasted paragraph should not become a huge OR.
    static let maximumTerms = 24

    /// The query of `terms` as they are (already lower-cased letters and digits, none repeated).
    package init(terms: [String]) {
        self.terms = terms
        expression = terms.isEmpty ? nil : terms.map(Self.quoted).joined(separator: " OR ")
    }

    /// `term` alone, as it is matched inside ``expression``.
    static func expression(of term: String) -> String { quoted(term) }

    package init(_ text: String) {
        var words: [String] = []
        var seen: Set<String> = []
        // Runs of letters and digits: the same boundaries the `unicode61` tokenizer uses.
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let term = String(word)
            let isNumber = term.allSatisfy(\.isNumber)
            guard isNumber || term.count > 1, seen.insert(term).inserted else { continue }
            words.append(term)
        }
        let meaningful = words.filter { !Self.stopWords.contains($0) }
        terms = Array((meaningful.isEmpty ? words : meaningful).prefix(Self.maximumTerms))
        expression = terms.isEmpty ? nil : terms.map(Self.quoted).joined(separator: " OR ")
    }

    /// `terms` (an ``expression``) limited to rows whose `user_id` column holds `userID`'s tokens
    /// as a phrase. An id with no letter or digit has no tokens to match: the terms go unscoped,
    /// and callers filter on user_id exactly in any case.
    static func scoped(_ terms: String, toUser userID: String) -> String {
        guard userID.contains(where: { $0.isLetter || $0.isNumber }) else { return terms }
        let phrase = "\"" + userID.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return "user_id : \(phrase) AND (\(terms))"
    }

    /// `"term"`, or `"term"*` for a word long enough to be worth matching as a prefix.
    private static func quoted(_ term: String) -> String {
        // Terms hold only letters and digits; dropping quotes keeps this safe if that changes.
        let body = "\"" + term.filter { $0 != "\"" } + "\""
        return term.count >= 4 && term.allSatisfy(\.isLetter) ? body + "*" : body
    }

    /// Words too common to help a keyword search.
    static let stopWords: Set<String> = [
        "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
        "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "him", "his", "how", "i", "if",
        "in", "into", "is", "it", "its", "me", "mine", "my", "no", "not", "of", "on", "or", "our", "she", "should",
        "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
        "too", "us", "very", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will",
        "with", "would", "you", "your",
    ]
}
