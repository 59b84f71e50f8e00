import Foundation

/// How imported messages become memories: **one `turn` memory per message**.
///
/// - Text: `Speaker: words` (`User:` / `Assistant:` without a speaker, as live turns read), so
///   keyword search finds a name and the embedding holds one message, not a short question
///   drowned by a long answer.
/// - Id: the file's id when it has one, so search returns the evidence's own id (a pair would
///   keep only one of two ids); conversations of two people, both `user`, need no pairing rule.
///   A message without one gets an id made from what it is — conversation, time, role, speaker,
///   words, and how many times the same came before in the file — so importing the same file
///   again replaces its turns instead of adding copies.
/// - Date: when the message was said. Metadata: `{"conversation", "position", "role",
///   "speaker"}`, the position counting messages from 1 in file order within the conversation
///   (the store places messages of a conversation it already keeps turns of after them; see
///   ``SQLiteMemoryStore/keepImportedTurns(_:queueing:userID:now:)``).
///   The messages around a hit (position ± 1) come back with it in the balanced and deep
///   tiers, which gives the exchange back its context.
/// - The same words said twice stay two memories (they are two moments).
///
/// With `extract`, every user message is also queued for extraction: the user's words (after
/// the speaker's name when there is one) and the assistant reply right after it, at the time
/// it was said, pointing at its kept memory.
public struct ConversationImport: Sendable {
    /// The memories to write, one per message, in file order; none has a vector yet.
    public var memories: [NewMemory]
    /// What each memory's vector is made from, in the same order: the message before it in its
    /// conversation (in this file), then its own text (see ``TurnContext``).
    public var embeddingTexts: [String]
    /// For each conversation, the index in ``memories`` of its first message in this file: the one
    /// whose context, when the store already keeps turns of that conversation, is the last of them.
    package var firstOfConversation: [String: Int]
    /// The extraction jobs to queue (empty unless `extract`).
    public var turns: [ConversationTurn]
    /// How many conversations the messages belong to.
    public var conversationCount: Int

    /// Plans the import of `messages`.
    public init(messages: [ConversationMessage], extract: Bool) {
        var positions: [String: Int] = [:]
        var occurrences: [String: Int] = [:]
        var memories: [NewMemory] = []
        var turns: [ConversationTurn] = []
        var awaitingReply: [String: Int] = [:]  // conversation → its last user message's job
        var embeddingTexts: [String] = []
        var previous: [String: String] = [:]  // conversation → its last message's kept text
        var firstOfConversation: [String: Int] = [:]
        for message in messages {
            let position = (positions[message.conversation] ?? 0) + 1
            positions[message.conversation] = position
            let id = message.id ?? Self.contentID(of: message, occurrences: &occurrences)
            let text = "\(message.speakerLabel): \(message.text)"
            if firstOfConversation[message.conversation] == nil {
                firstOfConversation[message.conversation] = memories.count
            }
            embeddingTexts.append(TurnContext.embeddingText(of: text, after: previous[message.conversation]))
            previous[message.conversation] = text
            memories.append(
                NewMemory(
                    text: text, id: id, kind: .turn,
                    createdAt: message.time, source: "import",
                    metadataJSON: Self.metadata(message, position: position)))
            guard extract else { continue }
            switch message.role {
            case .user:
                let words = message.speaker.map { "\($0): \(message.text)" } ?? message.text
                var turn = ConversationTurn(user: words, assistant: "", at: message.time, source: "import")
                turn.keptMemoryID = id
                turns.append(turn)
                awaitingReply[message.conversation] = turns.count - 1
            case .assistant:
                // The reply right after a user message, in the same conversation, is its answer.
                if let index = awaitingReply.removeValue(forKey: message.conversation) {
                    turns[index].assistant = message.text
                }
            }
        }
        self.memories = memories
        self.embeddingTexts = embeddingTexts
        self.firstOfConversation = firstOfConversation
        self.turns = turns
        conversationCount = positions.count
    }

    /// The id of a message the file gave none: `conversation#` and 16 hex digits of a hash of
    /// what the message is, numbered when the very same message repeats in the file.
    private static func contentID(of message: ConversationMessage, occurrences: inout [String: Int]) -> String {
        let key = [
            message.conversation, ISO8601.format(message.time), message.role.rawValue, message.speaker ?? "",
            message.text,
        ].joined(separator: "\u{1F}")
        let occurrence = occurrences[key, default: 0]
        occurrences[key] = occurrence + 1
        let hash = String(FNV1a.hash(key + "\u{1F}\(occurrence)"), radix: 16)
        return message.conversation + "#" + String(repeating: "0", count: 16 - hash.count) + hash
    }

    private static func metadata(_ message: ConversationMessage, position: Int) -> String {
        var object: [String: Any] = [
            "conversation": message.conversation, "position": position, "role": message.role.rawValue,
        ]
        if let speaker = message.speaker, !speaker.isEmpty { object["speaker"] = speaker }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
