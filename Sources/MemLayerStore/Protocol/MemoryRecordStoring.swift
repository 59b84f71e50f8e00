import Foundation

/// Memories themselves: write, read, page, update and forget them.
package protocol MemoryRecordStoring: Sendable {
    /// Stores `items` for `userID` in one transaction, vectors included (each must match the
    /// store's dimension). Returns them as stored, in order.
    @discardableResult
    func insert(_ items: [NewMemory], userID: String, now: Date) async throws -> [Memory]
    /// Stores a file's memories for `userID` in one transaction; an item whose text the user
    /// already has is counted as a duplicate and not written again.
    func importItems(_ items: [NewMemory], userID: String, now: Date) async throws -> ImportReport
    /// Memory `id` of `userID`, or nil (also for another user's id).
    func memory(id: String, userID: String) async throws -> Memory?
    /// All of `userID`'s memories (active and archived), oldest first.
    func memories(userID: String) async throws -> [Memory]
    /// A page of `userID`'s memories (active and archived), oldest first.
    func memories(userID: String, limit: Int, offset: Int) async throws -> [Memory]
    /// A page of `userID`'s active, unexpired memories, and how many there are.
    func activeMemories(userID: String, limit: Int, offset: Int, now: Date) async throws
        -> (memories: [Memory], total: Int)
    /// Memories with their vectors after row id `cursor`, for export; `next` continues the walk.
    func memoryPage(userID: String, after cursor: Int64, limit: Int) async throws
        -> (items: [(memory: Memory, vector: [Float]?)], next: Int64?)
    /// Changes memory `id`'s text (and vector, importance) with a history row; `.notFound` when
    /// `userID` has no such memory.
    @discardableResult
    func update(id: String, userID: String, text: String, embedding: [Float]?, importance: Double?, now: Date)
        async throws -> Memory
    /// Deletes memory `id` with the graph edges only it stated, its queued job and the text its
    /// history kept (history keeps that it happened and why), in one transaction; returns the
    /// edges removed. `.notFound` when `userID` has no such memory (another user's id included).
    @discardableResult
    func forget(id: String, userID: String, reason: String, now: Date) async throws -> [GraphFact]
    /// Deletes all of `userID`'s memories with the edges they stated, tasks and queued jobs;
    /// returns the memory count.
    @discardableResult
    func forgetAll(userID: String, reason: String, now: Date) async throws -> Int
    /// Counts, for one user or (nil) the whole store.
    func stats(userID: String?) async throws -> StoreStats
    /// Ids of `userID`'s memories whose stored vector is unusable (left out of vector search).
    func corruptEmbeddingIDs(userID: String) async throws -> [String]
    /// Whether memory `id` still lacks a vector; nil when `userID` has no such memory.
    func needsVector(memory id: String, userID: String) async throws -> Bool?
    /// Gives memory `id` its vector if it has none; true when attached.
    @discardableResult
    func attachMissingVector(_ vector: [Float], toMemory id: String, userID: String) async throws -> Bool
    /// The turns each fact was learned from, by fact id.
    func sources(of facts: [Memory], userID: String) async throws -> [String: [FactSource]]
    /// The turns said just before and after each kept turn in `memories`, by memory id.
    func turnNeighbours(of memories: [Memory], userID: String, now: Date) async throws -> [String: TurnNeighbours]
}
