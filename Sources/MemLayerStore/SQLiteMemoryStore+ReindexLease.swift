import Foundation

extension SQLiteMemoryStore {
    /// The re-index claim currently recorded in the store, live or lapsed, if any.
    public func reindexLease() throws -> ReindexLease? {
        try Self.readMeta(db())[ReindexLease.metaKey].flatMap(ReindexLease.init(decoding:))
    }

    /// Takes or renews the re-index claim for `owner` until `now + duration`, in one immediate
    /// transaction (two processes cannot both take it).
    /// - Throws: `StoreError` `.busy` when another owner's claim has not lapsed.
    public func claimReindexLease(owner: String, target: String, duration: TimeInterval, now: Date = Date()) throws {
        let db = try db()
        try db.transaction {
            if let held = try Self.readMeta(db)[ReindexLease.metaKey].flatMap(ReindexLease.init(decoding:)),
                held.owner != owner, held.expiresAt > now, !held.holderIsGone
            {
                let until = ISO8601DateFormatter().string(from: held.expiresAt)
                throw StoreError(
                    .busy,
                    "another reindex (to \(held.target), process \(held.processID)) is running on this store; "
                        + "wait for it to finish. Its claim is renewed while it runs; if that process is gone "
                        + "(on another host), the claim lapses at \(until) and reindex can run again")
            }
            let lease = ReindexLease(
                owner: owner, target: target, processID: ProcessInfo.processInfo.processIdentifier,
                expiresAt: now.addingTimeInterval(duration), host: ReindexLease.currentHost)
            try Self.writeMeta(db, key: ReindexLease.metaKey, value: try lease.encoded())
        }
    }

    /// Gives up `owner`'s claim; another owner's claim is left alone.
    public func releaseReindexLease(owner: String) throws {
        let db = try db()
        try db.transaction {
            guard let held = try Self.readMeta(db)[ReindexLease.metaKey].flatMap(ReindexLease.init(decoding:)),
                held.owner == owner
            else { return }
            try db.prepare("DELETE FROM meta WHERE key = ?").bind(.text(ReindexLease.metaKey)).run()
        }
    }
}
