import Foundation

/// One piece of evidence the lightweight gate weighs. Its words and expressions are data
/// (`models/salience/rules/en.txt`, `SalienceLexicon`). The weights were set by hand, before any
/// measurement, so that the default threshold 0 means "more evidence for than against"; they were
/// not fitted to the labelled test sets.
enum KeywordSignal: String, CaseIterable {
    case firstPersonStatement = "first-person statement"
    case possessive = "my/our"
    case personalTopic = "personal topic"
    case timeOrDate = "time or date"
    case number = "number"
    case properNoun = "proper noun"
    case lifeEvent = "life event"
    case preference = "preference"
    case onlyQuestions = "question"
    case request = "request"
    case short = "short"
    case bareOpinion = "bare opinion"
    case aboutAssistant = "about the assistant"

    /// The score of a text that shows no signal.
    static let baseline = -0.55

    var weight: Double {
        switch self {
        case .firstPersonStatement: 0.35
        case .possessive: 0.25
        case .personalTopic: 0.6
        case .timeOrDate: 0.45
        case .number: 0.1
        case .properNoun: 0.25
        case .lifeEvent: 0.4
        case .preference: 0.6
        case .onlyQuestions: -0.7
        case .request: -0.6
        case .short: -0.35
        case .bareOpinion: -0.3
        case .aboutAssistant: -0.25
        }
    }

    func isPresent(in text: SalienceText) -> Bool {
        let lexicon = SalienceLexicon.current
        let statements = text.clauses.filter { !$0.isQuestion && !SalienceRules.isRequest($0) }
        switch self {
        case .firstPersonStatement:
            return statements.contains { $0.words.contains { lexicon.signalSubjects.contains($0.lower) } }
        case .possessive:
            return statements.contains { $0.words.contains { lexicon.signalPossessives.contains($0.lower) } }
        case .personalTopic:
            return statements.contains { $0.words.contains { lexicon.personalTopics.contains(Self.stem($0.lower)) } }
        case .timeOrDate:
            return statements.contains { Self.matches(lexicon.timeSignal, $0.text) }
        case .number:
            return statements.contains { $0.words.contains { $0.text.contains(where: \.isNumber) } }
        case .properNoun:
            guard !text.capitalsAreUninformative else { return false }
            return statements.contains { clause in
                clause.words.dropFirst().contains { word in
                    word.isCapitalised && !word.isAllCaps && word.lower != "i" && !word.lower.hasPrefix("i'")
                        && !lexicon.capitalisedNonNames.contains(word.lower)
                }
            }
        case .lifeEvent:
            return statements.contains { $0.words.contains { lexicon.lifeEvents.contains($0.lower) } }
        case .preference:
            return statements.contains { Self.matches(lexicon.preferenceSignal, $0.text) }
        case .onlyQuestions:
            return !text.clauses.isEmpty && text.clauses.allSatisfy(\.isQuestion)
        case .request:
            return text.clauses.contains(where: SalienceRules.isRequest)
                && !statements.contains { PersonalFactPatterns.mentionsUser($0) }
        case .short:
            return text.words.count <= 3
        case .bareOpinion:
            let words = text.words.map(\.lower)
            return words.count < 7 && zip(words, words.dropFirst()).contains { lexicon.bareOpinions.contains("\($0) \($1)") }
        case .aboutAssistant:
            let words = Set(text.words.map(\.lower))
            return !words.isDisjoint(with: lexicon.assistantWords) && words.isDisjoint(with: lexicon.signalPossessives)
        }
    }

    private static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Plural and possessive endings off, so one lexicon entry covers `sister`, `sisters`, `sister's`.
    private static func stem(_ word: String) -> String {
        var word = word
        if word.hasSuffix("'s") { word.removeLast(2) }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }
        return word
    }
}
