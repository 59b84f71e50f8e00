import Foundation

extension SQLiteMemoryStore {
    /// One curation pass over `userID`'s memories at `now`: deletes the expired ones, archives the
    /// active ones for which `archiveReason` returns a reason, and removes the graph edges left
    /// without a live source (and entities left without edges). Every change gets a `history`
    /// entry; archived and deleted memories leave the vector index.
    ///
    /// Work is done `batchSize` memories per transaction, so a large store never holds the write
    /// lock for long; a failure keeps the batches already committed. A dry run does the same work
    /// in one transaction and rolls it back, so its report is exactly what a real pass would do.
    ///
    /// `archiveReason` decides, for one active memory, whether it has faded enough to archive
    /// (see ``DecayPolicy``); it returns the reason written to `history`, or nil to keep it.
    public func curate(
        userID: String, now: Date = Date(), dryRun: Bool = false, batchSize: Int = 500,
        archiveReason: @Sendable (Memory) -> String?
    ) throws -> CurationReport {
        try Self.validate(userID: userID)
        guard batchSize > 0 else { throw StoreError(.invalidInput, "the curation batch size must be at least 1") }
        let db = try db()
        return try withoutActuallyEscaping(archiveReason) { archiveReason in
            var sweep = CurationSweep(
                userID: userID, now: now, dryRun: dryRun, batchSize: batchSize, archiveReason: archiveReason)
            if dryRun {
                try db.rolledBack {
                    while !sweep.isFinished { _ = try sweep.step(in: db) }
                }
                return sweep.report
            }
            while !sweep.isFinished {
                var version: Int64 = 0
                let removed = try db.transaction {
                    let removed = try sweep.step(in: db)
                    version = try Self.vectorVersion(of: userID, in: db)
                    return removed
                }
                applyToIndex(userID: userID, changes: removed.map { .remove($0) }, version: version)
            }
            return sweep.report
        }
    }

    /// The users that have at least one memory, sorted (for passes over the whole store).
    public func usersWithMemories() throws -> [String] {
        var users: [String] = []
        try db().prepare("SELECT DISTINCT user_id FROM memories ORDER BY user_id").forEachRow {
            users.append($0.text(0))
        }
        return users
    }
}
