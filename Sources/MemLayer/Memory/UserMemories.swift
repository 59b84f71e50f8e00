import Foundation

/// One user's memories in one place: add, search, get, list, update, delete and history.
///
/// ```swift
/// let memories = client.memories            // or engine.memories(of: "alice")
/// let stored = try await memories.add("I work at Acme Corp")
/// let found = try await memories.search("where do I work?")
/// try await memories.update(stored.id, text: "I work at Globex")
/// let changes = try await memories.history(of: stored.id)
/// try await memories.delete(stored.id)
/// ```
///
/// Text is embedded with the engine's embedder; every change is written to the store's history.
/// Adding stores the text as written; ``MemoryClient/remember(_:raw:importance:)`` queues it for
/// extraction into facts instead.
public struct UserMemories: Sendable {
    /// The engine that embeds and stores.
    public let engine: MemoryEngine
    /// Whose memories these are.
    public let userID: String

    /// The memories of `userID` in `engine`.
    public init(engine: MemoryEngine, userID: String) {
        self.engine = engine
        self.userID = userID
    }

    /// Stores `text` as written (embedded at once) and returns the stored memory. The same text
    /// stored again refreshes the memory already there instead of adding a copy.
    @discardableResult
    public func add(_ text: String, importance: Double = 0.5, kind: MemoryKind = .fact) async throws -> Memory {
        try await engine.remember(text, userID: userID, importance: importance, kind: kind, source: "library")
    }

    /// The memories that best answer `query`, best first (see ``SearchTier``); `limit` overrides
    /// the tier's count.
    public func search(_ query: String, tier: SearchTier = .balanced, limit: Int? = nil) async throws
        -> MemorySearchResult
    {
        try await engine.search(query, userID: userID, tier: tier, limit: limit)
    }

    /// The memory with `id`, or nil when this user has none.
    public func get(_ id: String) async throws -> Memory? {
        try await engine.store.memory(id: id, userID: userID)
    }

    /// A page of this user's memories (facts, kept turns, documents; active and archived),
    /// oldest first.
    public func list(limit: Int = 100, offset: Int = 0) async throws -> [Memory] {
        try await engine.store.memories(userID: userID, limit: limit, offset: offset)
    }

    /// Replaces the text of memory `id` (re-embedded at once) and, when given, its importance.
    /// - Throws: `StoreError(.notFound)` when this user has no such memory.
    @discardableResult
    public func update(_ id: String, text: String, importance: Double? = nil) async throws -> Memory {
        let vector = engine.isLightweight ? nil : try await engine.embed([text])[0]
        return try await engine.store.update(
            id: id, userID: userID, text: text, embedding: vector, importance: importance)
    }

    /// Forgets memory `id` everywhere (graph edges only it stated go too; history keeps that it
    /// was deleted, not what it said).
    /// - Throws: `StoreError(.notFound)` when this user has no such memory.
    public func delete(_ id: String) async throws {
        try await engine.store.forget(id: id, userID: userID)
    }

    /// Forgets every memory of this user, their tasks and queued turns; returns how many memories.
    @discardableResult
    public func deleteAll() async throws -> Int {
        try await engine.store.forgetAll(userID: userID)
    }

    /// What happened to memory `id` (or, when nil, to all of this user's memories), newest first.
    public func history(of id: String? = nil, limit: Int = 100) async throws -> [HistoryEntry] {
        try await engine.store.history(userID: userID, memoryID: id, limit: limit)
    }
}

extension MemoryEngine {
    /// The memories of `userID`: add, search, get, list, update, delete, history.
    public func memories(of userID: String) -> UserMemories {
        UserMemories(engine: self, userID: userID)
    }
}
