import Foundation
import MemLayer

/// The development set: conversations in the `memlayer import --conversations` format, and
/// questions with the ids of the messages that hold their answer.
struct DevSet {
    /// One question and its evidence.
    struct Question: Decodable {
        var id: String
        var category: String
        var question: String
        var evidence: [String]
    }

    private struct QuestionFile: Decodable {
        var questions: [Question]
    }

    /// The categories, in the order the report prints them.
    static let categories = ["single-fact", "multi-hop", "temporal", "open-ended"]

    let conversationsFile: URL
    /// Read by ``ConversationFileReader``, the reader `memlayer import --conversations` uses.
    let messages: [ConversationMessage]
    let questions: [Question]

    init(folder: URL) throws {
        conversationsFile = folder.appendingPathComponent("conversations.jsonl")
        messages = try ConversationFileReader.read(Data(contentsOf: conversationsFile))
        let file = try JSONDecoder().decode(
            QuestionFile.self, from: Data(contentsOf: folder.appendingPathComponent("questions.json")))
        questions = file.questions
        let ids = Set(messages.compactMap(\.id))
        for question in questions {
            for id in question.evidence where !ids.contains(id) {
                throw BenchError("question \(question.id) names evidence \(id), which no message has")
            }
            guard Self.categories.contains(question.category) else {
                throw BenchError("question \(question.id) has an unknown category \(question.category)")
            }
        }
    }

    /// The messages of the first `count` conversations (in file order), and the questions whose
    /// evidence is all among them.
    func firstConversations(_ count: Int) -> (messages: [ConversationMessage], questions: [Question]) {
        var order: [String] = []
        for message in messages where !order.contains(message.conversation) { order.append(message.conversation) }
        let kept = Set(order.prefix(count))
        let subset = messages.filter { kept.contains($0.conversation) }
        let ids = Set(subset.compactMap(\.id))
        return (subset, questions.filter { $0.evidence.allSatisfy(ids.contains) })
    }

    /// Each message as the import keeps it (`Speaker: words`), by id: what the baselines index.
    var turnTexts: [(id: String, text: String)] {
        messages.map { ($0.id ?? "", "\($0.speakerLabel): \($0.text)") }
    }

    /// Each message's words alone, without the speaker's name: a diagnostic, to show what the
    /// name in front of every kept message costs a retriever.
    var wordsAlone: [(id: String, text: String)] {
        messages.map { ($0.id ?? "", $0.text) }
    }
}

/// A benchmark failure, said plainly.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
