import Foundation

/// How two reminders' descriptions are compared: "Call Dana." and "call  dana" are one reminder.
enum TaskDescription {
    /// Lower-cased, white space collapsed, trailing punctuation dropped.
    static func normalise(_ text: String) -> String {
        var key = ContentHash.normalise(text)
        while let last = key.unicodeScalars.last,
            CharacterSet.punctuationCharacters.union(.whitespaces).contains(last)
        {
            key.unicodeScalars.removeLast()
        }
        return key
    }
}
