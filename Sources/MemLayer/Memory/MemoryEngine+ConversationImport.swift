import Foundation

extension MemoryEngine {
    /// Imports conversations: one `turn` memory per message at the time it was said (see
    /// ``ConversationImport``), embedded in batches of ``batchSize``, and with `extract` every
    /// user message queued for extraction at its own time. All or nothing. A message's vector is
    /// made from the message before it and its own text (``TurnContext``).
    /// - Parameters:
    ///   - messages: The messages, in order (see ``ConversationFileReader``).
    ///   - userID: Whose memory they go to.
    ///   - extract: Also queue every user message for extraction at its own time.
    ///   - progress: called with (embedded, total) after every batch.
    /// - Returns: what was kept and queued.
    public func importConversations(
        _ messages: [ConversationMessage], userID: String, extract: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ConversationImportSummary {
        let plan = ConversationImport(messages: messages, extract: extract)
        var items = plan.memories
        var texts = plan.embeddingTexts
        // A file that continues a conversation the store keeps: its first new message follows the last kept turn.
        if !isLightweight {
            for (conversation, index) in plan.firstOfConversation {
                if let previous = try await store.keptTurnBefore(
                    items[index], conversation: conversation, userID: userID)
                {
                    texts[index] = TurnContext.embeddingText(of: items[index].text, after: previous)
                }
            }
        }
        let total = isLightweight ? 0 : items.count
        progress?(0, total)
        var done = 0
        while done < total {
            let end = min(done + max(1, batchSize), total)
            let vectors = try await embed(Array(texts[done..<end]))
            for (offset, vector) in vectors.enumerated() { items[done + offset].embedding = vector }
            done = end
            progress?(done, total)
        }
        let stored = try await store.keepImportedTurns(items, queueing: plan.turns, userID: userID)
        return ConversationImportSummary(
            conversations: plan.conversationCount, turns: stored.count, queuedForExtraction: plan.turns.count)
    }
}

/// What ``MemoryEngine/importConversations(_:userID:extract:progress:)`` did.
public struct ConversationImportSummary: Sendable, Equatable {
    /// How many conversations the imported messages came from.
    public var conversations: Int
    /// How many `turn` memories were written (one per message).
    public var turns: Int
    /// How many user messages were queued for extraction.
    public var queuedForExtraction: Int
}
