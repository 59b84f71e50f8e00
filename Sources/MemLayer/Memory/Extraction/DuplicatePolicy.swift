/// When an extracted fact restates one the user already has, so the existing fact is refreshed
/// instead of a copy being added.
///
/// Same normalised text is always a duplicate. Otherwise the cosine similarity of the two
/// vectors must reach ``threshold`` *and* the texts must not disagree on an anchor — a number,
/// a weekday, a capitalised name — on negation, or on a word that turns a fact around ("from",
/// "former", "ex"). The anchor check is what makes a high
/// threshold safe: MiniLM puts "User is meeting Dana on Friday" and "… on Saturday" at 0.98,
/// "User's birthday is on 3 March" and "… 4 March" at 0.94, and "User has two kids" and
/// "… three kids" at 0.92, yet those are different facts and all must be kept.
///
/// Some restatements score lower because their words change form: "User has a peanut allergy."
/// and "User is allergic to peanuts." are 0.90 apart. From ``sameWordsThreshold`` up, two facts
/// whose content words are the same up to inflection (`ContentWords`) merge too, anchors and
/// negation permitting; different facts at those scores use different words ("vegetarian" /
/// "vegan" 0.89, "likes" / "dislikes" 0.84, "User owns a cat." / "User's cat owns the house." 0.90).
public struct DuplicatePolicy: Sendable, Equatable {
    /// Cosine similarity (−1…1) at or above which two facts may be the same.
    public var threshold: Float
    /// Cosine at or above which two facts with the same content words may be the same (at most
    /// ``threshold``).
    public var sameWordsThreshold: Float

    /// A policy that merges at cosine `threshold` and above, and from `sameWordsThreshold`
    /// (default: `threshold`, i.e. off) for facts with the same content words; anchors and
    /// negation permitting in both cases.
    public init(threshold: Float, sameWordsThreshold: Float? = nil) {
        self.threshold = threshold
        self.sameWordsThreshold = min(sameWordsThreshold ?? threshold, threshold)
    }

    /// The lowest cosine at which any two different texts may merge.
    public var lowestThreshold: Float { sameWordsThreshold }

    /// The threshold for vectors from embedder `id`.
    ///
    /// - MiniLM (and, until measured, remote models): 0.92. Measured with all-MiniLM-L6-v2 on
    ///   restatements ("User works at Acme Corp." / "The user works at Acme Corp." 0.98, "… is
    ///   employed by Acme Corp." 0.94, "User's dog is called Biscuit." / "User has a dog named
    ///   Biscuit." 0.95) and on different facts with no anchor to tell them apart ("User is
    ///   vegetarian." / "User is vegan." 0.89, "User prefers dark mode." / "… light mode." 0.87,
    ///   "User likes coffee." / "User dislikes coffee." 0.84): 0.92 sits between the two groups.
    ///   Same content words: 0.85 ("peanut allergy" / "allergic to peanuts" 0.90, "User is a math
    ///   teacher." / "User teaches math." 0.875; "User is learning Spanish." / "User learned
    ///   Spanish." 0.83 stays apart).
    /// - The hashing embedder (shared words, not meaning): 0.88 — "User lives in Lisbon." and
    ///   "The user lives in Lisbon." score 0.90 there, while its different facts stay below 0.85
    ///   or differ in an anchor. Its scores come from the words themselves, so it has no
    ///   same-words allowance.
    public static func standard(forEmbedder id: String?) -> DuplicatePolicy {
        if let id, id.hasPrefix("hash-") { return DuplicatePolicy(threshold: 0.88) }
        return DuplicatePolicy(threshold: 0.92, sameWordsThreshold: 0.85)
    }

    /// True when `candidate` restates `existing`, whose vectors are `cosine` apart.
    public func isDuplicate(_ candidate: String, of existing: String, cosine: Float) -> Bool {
        if ContentHash.normalise(candidate) == ContentHash.normalise(existing) { return true }
        guard cosine >= lowestThreshold else { return false }
        if cosine < threshold, ContentWords.stems(candidate) != ContentWords.stems(existing) { return false }
        let (a, b) = (Self.anchors(candidate), Self.anchors(existing))
        guard a.isSubset(of: b) || b.isSubset(of: a) else { return false }
        return Self.isNegated(candidate) == Self.isNegated(existing)
            && Self.markers(candidate) == Self.markers(existing)
    }

    /// This policy as the store asks it, with each extraction it writes.
    var check: DuplicateCheck {
        DuplicateCheck(lowestThreshold: lowestThreshold) { isDuplicate($0, of: $1, cosine: $2) }
    }

    /// Words that turn a fact around without changing its other words: direction ("moved to
    /// Berlin" / "moved from Berlin", MiniLM 0.99) and a past state ("User's manager is Dana." /
    /// "User's former manager is Dana." 0.95, "wife" / "ex-wife" 0.93). Both texts must use the
    /// same ones.
    static func markers(_ text: String) -> Set<String> {
        Set(
            text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter {
                turningWords.contains($0)
            })
    }

    /// The words that pin a fact down: numbers (number words as digits), weekdays, and
    /// capitalised names other than sentence openers like "The" or "User" — all lower-cased.
    static func anchors(_ text: String) -> Set<String> {
        var anchors: Set<String> = []
        for token in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let word = String(token)
            var lowered = word.lowercased()
            if lowered.count > 4, lowered.hasSuffix("s"), weekdays.contains(String(lowered.dropLast())) {
                lowered.removeLast()
            }
            if let digits = numberWords[lowered] {
                anchors.insert(digits)
            } else if word.contains(where: \.isNumber) || weekdays.contains(lowered) {
                anchors.insert(lowered)
            } else if word.first?.isUppercase == true, !openers.contains(lowered) {
                anchors.insert(lowered)
            }
        }
        return anchors
    }

    static func isNegated(_ text: String) -> Bool {
        text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }).contains { word in
            negations.contains(String(word)) || word.hasSuffix("n't") || word.hasSuffix("n’t")
        }
    }

    private static let openers: Set<String> = [
        "user", "users", "the", "a", "an", "i", "my", "his", "her", "their", "he", "she", "they", "it", "this", "that",
        "on", "in", "at", "and", "but",
    ]
    private static let weekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]
    private static let turningWords: Set<String> = [
        "from", "ex", "former", "formerly", "previously", "anymore", "ago", "until", "since",
    ]
    private static let negations: Set<String> = ["not", "no", "never", "cannot", "nobody", "nothing", "neither", "nor"]
    private static let numberWords: [String: String] = [
        "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
        "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100",
        "once": "1", "twice": "2", "first": "1st", "second": "2nd", "third": "3rd",
    ]
}
