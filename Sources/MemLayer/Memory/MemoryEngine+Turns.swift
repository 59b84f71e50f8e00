import Foundation

/// A finished chat turn on its way to extraction, and the store's lifetime, as the chat client
/// needs them: the client asks the engine, never the store behind it.
extension MemoryEngine {
    /// Keeps `turn` word for word at `place` and queues it for extraction, in one transaction.
    func keepAndEnqueue(_ turn: ConversationTurn, at place: TurnPlace, userID: String) async throws
        -> (jobID: Int64, memory: Memory)
    {
        try await store.keepAndEnqueue(turn, at: place, userID: userID)
    }

    /// Queues `turn` for extraction without keeping it; returns the job id.
    func enqueue(_ turn: ConversationTurn, userID: String) async throws -> Int64? {
        try await store.enqueue([turn], userID: userID).first
    }

    /// Gives memory `id` of `userID` its vector if it has none yet; true when it was attached.
    @discardableResult
    func attachMissingVector(_ vector: [Float], toMemory id: String, userID: String) async throws -> Bool {
        try await store.attachMissingVector(vector, toMemory: id, userID: userID)
    }

    /// A curator working on this engine's store.
    func curator() -> Curator { Curator(store: store) }

    /// Closes the store (idempotent; queued work stays in it).
    func closeStore() async { await store.close() }
}
