import Foundation

/// Archiving and deleting what is no longer worth keeping; the policy comes from above.
package protocol CurationStoring: Sendable {
    /// One pass over `userID`'s memories in batches of `batchSize`: deletes the expired ones and
    /// archives the active ones for which `archiveReason` gives a reason; `dryRun` only counts.
    func curate(
        userID: String, now: Date, dryRun: Bool, batchSize: Int, archiveReason: @Sendable (Memory) -> String?
    ) async throws -> CurationReport
    /// Users with at least one memory.
    func usersWithMemories() async throws -> [String]
}
