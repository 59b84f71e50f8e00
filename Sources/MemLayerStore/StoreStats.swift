/// Counts and settings of a store, as `memlayer stats` shows them.
public struct StoreStats: Sendable, Equatable, Codable {
    public var activeMemories: Int
    public var archivedMemories: Int
    /// Memories without a usable vector (none yet, another embedder's, or a corrupt BLOB).
    public var memoriesWithoutVector: Int
    public var entities: Int
    public var relationships: Int
    public var pendingTasks: Int
    public var queuedExtractionJobs: Int
    public var historyEntries: Int
    /// Distinct users with at least one memory (whole store, not just one user).
    public var users: Int
    /// The embedder whose vectors the store holds, e.g. `minilm-l6-v2/384`.
    public var embedder: String?
    public var dimension: Int?
    /// Bytes on disk including the write-ahead log; 0 for in-memory stores.
    public var fileSizeBytes: Int64
    public var schemaVersion: Int
    /// Chat turns the salience gate sent to the extraction model (`gate_sent_to_extraction` in JSON).
    public var gateSentToExtraction = 0
    /// Chat turns the gate skipped — no model call; the turn itself is still kept (`gate_skipped`).
    public var gateSkipped = 0
    /// Skipped turns by the gate's reason, e.g. `small talk` (`gate_skipped_by_reason`).
    public var gateSkippedByReason: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case activeMemories, archivedMemories, memoriesWithoutVector, entities, relationships, pendingTasks
        case queuedExtractionJobs, historyEntries, users, embedder, dimension, fileSizeBytes, schemaVersion
        case gateSentToExtraction = "gate_sent_to_extraction"
        case gateSkipped = "gate_skipped"
        case gateSkippedByReason = "gate_skipped_by_reason"
    }
}
