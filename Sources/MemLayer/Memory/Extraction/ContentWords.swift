import Foundation

/// The content words of a short fact, reduced to crude stems, so that two wordings of one fact
/// compare equal: "User has a peanut allergy." and "User is allergic to peanuts." both give
/// {peanut, allerg}; "User is a math teacher." and "User teaches math." both give {math, teach}.
///
/// Deliberately simple: function words and "user" are dropped, one common English suffix is
/// stripped, and possessives stay distinct ("user's cat" is about another subject than "user").
/// A miss (two forms that stem apart) only means two facts are not merged; the stems are one
/// condition among several in ``DuplicatePolicy``, never enough on their own.
enum ContentWords {
    static func stems(_ text: String) -> Set<String> {
        var stems: Set<String> = []
        let words = text.lowercased().replacingOccurrences(of: "’", with: "'")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" })
        for token in words {
            var word = String(token).trimmingApostrophes()
            if word.isEmpty || functionWords.contains(word) { continue }
            if word.hasSuffix("'s") {
                stems.insert(word)  // a possessive names its own subject
                continue
            }
            word = word.replacingOccurrences(of: "'", with: "")
            stems.insert(stem(word))
        }
        return stems
    }

    /// Strips the longest listed suffix that leaves at least three letters.
    static func stem(_ word: String) -> String {
        guard word.allSatisfy(\.isLetter) else { return word }
        for suffix in suffixes where word.count - suffix.count >= 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// Longest first, so "ations" wins over "s".
    private static let suffixes = [
        "ations", "ation", "ingly", "ings", "ing", "ies", "ied", "ers", "ics", "er", "ic", "es", "ed", "ly", "y",
        "s", "e",
    ]

    private static let functionWords: Set<String> = [
        "user", "users", "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have",
        "had", "having", "do", "does", "did", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "and",
        "or", "but", "it", "its", "this", "that", "these", "those", "who", "which", "very", "really", "also", "so",
        "i", "my", "me", "he", "she", "they", "his", "her", "their", "them", "him", "we", "our", "you", "your",
    ]
}

extension String {
    fileprivate func trimmingApostrophes() -> String {
        var text = Substring(self)
        while text.first == "'" { text = text.dropFirst() }
        while text.last == "'" { text = text.dropLast() }
        return String(text)
    }
}
