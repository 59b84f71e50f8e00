import Foundation

/// The usual arguments — now, the default reason, page sizes — so callers of the protocol write
/// what callers of ``SQLiteMemoryStore`` write.
extension MemoryStoring {
    @discardableResult
    package func insert(_ items: [NewMemory], userID: String) async throws -> [Memory] {
        try await insert(items, userID: userID, now: Date())
    }

    package func importItems(_ items: [NewMemory], userID: String) async throws -> ImportReport {
        try await importItems(items, userID: userID, now: Date())
    }

    package func memories(userID: String, limit: Int) async throws -> [Memory] {
        try await memories(userID: userID, limit: limit, offset: 0)
    }

    package func activeMemories(userID: String, limit: Int, offset: Int = 0) async throws
        -> (memories: [Memory], total: Int)
    {
        try await activeMemories(userID: userID, limit: limit, offset: offset, now: Date())
    }

    package func memoryPage(userID: String, after cursor: Int64 = 0) async throws
        -> (items: [(memory: Memory, vector: [Float]?)], next: Int64?)
    {
        try await memoryPage(userID: userID, after: cursor, limit: 500)
    }

    package func update(id: String, userID: String, text: String, embedding: [Float]?, importance: Double? = nil)
        async throws -> Memory
    {
        try await update(id: id, userID: userID, text: text, embedding: embedding, importance: importance, now: Date())
    }

    @discardableResult
    package func forget(id: String, userID: String, reason: String = "forgotten by user") async throws -> [GraphFact] {
        try await forget(id: id, userID: userID, reason: reason, now: Date())
    }

    @discardableResult
    package func forgetAll(userID: String, reason: String = "forgotten by user") async throws -> Int {
        try await forgetAll(userID: userID, reason: reason, now: Date())
    }

    package func turnNeighbours(of memories: [Memory], userID: String) async throws -> [String: TurnNeighbours] {
        try await turnNeighbours(of: memories, userID: userID, now: Date())
    }

    package func search(vector: [Float], userID: String, k: Int) async throws -> [SearchHit] {
        try await search(vector: vector, userID: userID, k: k, now: Date())
    }

    package func graphFacts(userID: String) async throws -> [GraphFact] {
        try await graphFacts(userID: userID, entity: nil)
    }

    package func graphNeighborhood(of names: [String], userID: String, hops: Int = 2) async throws -> [GraphFact] {
        try await graphNeighborhood(of: names, userID: userID, hops: hops, limit: 50)
    }

    @discardableResult
    package func addTask(_ description: String, dueAt: Date?, userID: String) async throws -> ScheduledTask {
        try await addTask(description, dueAt: dueAt, userID: userID, now: Date())
    }

    package func tasks(userID: String) async throws -> [ScheduledTask] {
        try await tasks(userID: userID, including: [.pending, .notified, .done])
    }

    package func dueTasks(userID: String) async throws -> [ScheduledTask] {
        try await dueTasks(userID: userID, now: Date())
    }

    package func setTaskStatus(_ status: ScheduledTask.Status, ids: [Int64], userID: String) async throws {
        try await setTaskStatus(status, ids: ids, userID: userID, now: Date())
    }

    @discardableResult
    package func completeTask(id: Int64, userID: String) async throws -> ScheduledTask {
        try await completeTask(id: id, userID: userID, now: Date())
    }

    /// Keyword candidates as a search by keywords alone ranks them (no vectors beside it).
    package func keywordCandidates(_ query: FullTextQuery, userID: String, limit: Int, now: Date) async throws
        -> [SearchCandidate]
    {
        try await keywordCandidates(query, userID: userID, limit: limit, now: now, alongsideVectors: false)
    }

    @discardableResult
    package func keepImportedTurns(_ memories: [NewMemory], queueing turns: [ConversationTurn], userID: String)
        async throws -> [Memory]
    {
        try await keepImportedTurns(memories, queueing: turns, userID: userID, now: Date())
    }

    package func queuedJobs(userID: String? = nil) async throws -> [ExtractionJob] {
        try await queuedJobs(userID: userID, limit: 100)
    }

    package func queuedJobs(limit: Int) async throws -> [ExtractionJob] {
        try await queuedJobs(userID: nil, limit: limit)
    }

    package func claimJob(for holder: ClaimHolder, lease: Duration) async throws -> ExtractionJob? {
        try await claimJob(for: holder, lease: lease, among: nil)
    }

    package func history(userID: String, memoryID: String? = nil) async throws -> [HistoryEntry] {
        try await history(userID: userID, memoryID: memoryID, limit: 100)
    }

    package func history(userID: String, limit: Int) async throws -> [HistoryEntry] {
        try await history(userID: userID, memoryID: nil, limit: limit)
    }

    package func claimReindexLease(owner: String, target: String, duration: TimeInterval) async throws {
        try await claimReindexLease(owner: owner, target: target, duration: duration, now: Date())
    }

    package func curate(
        userID: String, now: Date = Date(), dryRun: Bool = false, archiveReason: @Sendable (Memory) -> String?
    ) async throws -> CurationReport {
        try await curate(userID: userID, now: now, dryRun: dryRun, batchSize: 500, archiveReason: archiveReason)
    }
}
