import Foundation

/// Re-embedding every memory with another embedder, resumably, while the store stays in use.
///
/// One process re-indexes at a time: it holds the lease (`claimReindexLease` fails with `.busy`
/// while another owner's lease runs). Staged vectors are invisible to search until
/// `completeReindex` switches the store to the new embedder in one transaction.
package protocol ReindexStoring: Sendable {
    /// Takes (or renews) the re-index lease for `owner` until `now + duration`.
    func claimReindexLease(owner: String, target: String, duration: TimeInterval, now: Date) async throws
    /// The lease recorded in the store, live or lapsed, if any.
    func reindexLease() async throws -> ReindexLease?
    /// Gives the lease up if `owner` holds it.
    func releaseReindexLease(owner: String) async throws
    /// How many memories have a staged vector for embedder `target`, of how many.
    func reindexProgress(target: String) async throws -> (done: Int, total: Int)
    /// Up to `limit` memories (any user) still without a staged vector for `target`.
    func memoriesAwaitingReindex(target: String, limit: Int) async throws -> [(rowID: Int64, text: String)]
    /// For each imported turn among `rowIDs`, the kept text of the turn before it in its
    /// conversation: the context its vector is made with.
    func importedTurnContexts(of rowIDs: [Int64]) async throws -> [Int64: String]
    /// Stages `vectors` for `target`; a row whose text changed meanwhile is left for a retry.
    func stageReindexVectors(target: String, dimension: Int, _ vectors: [(rowID: Int64, text: String, vector: [Float])])
        async throws
    /// Switches to `target` once every memory has its staged vector; false while some lack one.
    func completeReindex(target: String, dimension: Int) async throws -> Bool
}
