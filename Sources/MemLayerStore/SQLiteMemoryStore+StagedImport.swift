import Foundation

extension SQLiteMemoryStore {
    /// Writes at or below this many memories go in one transaction; larger ones are staged.
    /// 256 rows with their triggers take a few milliseconds: staging them would only add commits.
    static let stagingThreshold = 256

    /// How long one staging transaction may hold the write lock. After each, the import sleeps as
    /// long as it held the lock, so a writer waiting in SQLite's busy handler (which retries up to
    /// 100 ms apart) finds it free about half the time it looks.
    static let stagingSlice: Duration = .milliseconds(20)

    /// Writes `prepared` for `userID` all or nothing, with `finishing` (given the rowids in input
    /// order) in the same transaction as the last of them; returns their rowids in input order.
    ///
    /// Large writes are staged (store version 8): new rows go in in short transactions with
    /// `import_batch` set, which every read leaves out, and one short transaction makes them
    /// visible by clearing it, writes their history, and applies the rows that change existing
    /// memories (same id, or the same text when `mergingSameText`) through ``write(_:userID:now:mergingSameText:in:)``
    /// as before. A failed or killed import leaves only invisible rows, which it deletes (or the
    /// next process to open the store does, see ``discardAbandonedImports(in:)``).
    func writeAllOrNothing(
        _ prepared: [PreparedMemory], userID: String, now: Date, mergingSameText: Bool,
        finishing: (SQLiteConnection, [Int64]) throws -> Void = { _, _ in }
    ) async throws -> [Int64] {
        let db = try db()
        guard prepared.count > Self.stagingThreshold else {
            var changes: [IndexChange] = []
            var version: Int64 = 0
            let rowIDs: [Int64] = try db.transaction {
                var rowIDs: [Int64] = []
                for item in prepared {
                    let (rowID, change) = try write(
                        item, userID: userID, now: now, mergingSameText: mergingSameText, in: db)
                    rowIDs.append(rowID)
                    changes.append(change)
                }
                try finishing(db, rowIDs)
                version = try Self.vectorVersion(of: userID, in: db)
                return rowIDs
            }
            applyToIndex(userID: userID, changes: changes, version: version)
            return rowIDs
        }
        let batch = try db.transaction { try ImportBatch.register(userID: userID, now: now, in: db) }
        do {
            return try await writeStaged(
                prepared, batch: batch, userID: userID, now: now, mergingSameText: mergingSameText,
                finishing: finishing)
        } catch {
            try? Self.discardStagedRows(of: batch, in: self.db())
            throw error
        }
    }

    private func writeStaged(
        _ prepared: [PreparedMemory], batch: Int64, userID: String, now: Date, mergingSameText: Bool,
        finishing: (SQLiteConnection, [Int64]) throws -> Void
    ) async throws -> [Int64] {
        let embedderAtStart = embedderID
        var rowIDs = [Int64?](repeating: nil, count: prepared.count)
        var deferred: [Int] = []
        var next = 0
        while next < prepared.count {
            let db = try db()  // fails with .closed if the store was closed while we slept
            let began = ContinuousClock.now
            try db.transaction {
                try ImportBatch.renew(batch, now: Date(), in: db)
                while next < prepared.count, ContinuousClock.now - began < Self.stagingSlice {
                    rowIDs[next] = try stage(
                        prepared[next], batch: batch, userID: userID, now: now, mergingSameText: mergingSameText,
                        in: db)
                    if rowIDs[next] == nil { deferred.append(next) }
                    next += 1
                }
            }
            let held = ContinuousClock.now - began
            await stagingPause?()
            try await Task.sleep(for: max(held, .milliseconds(1)))
        }

        let db = try db()
        var changes: [IndexChange] = zip(prepared, rowIDs).map { item, rowID in
            guard let rowID, let vector = item.item.embedding else { return .none }
            return .upsert(rowID, vector)
        }
        var version: Int64 = 0
        try db.transaction {
            try ImportBatch.requireIntact(batch, staged: prepared.count - deferred.count, in: db)
            guard try Self.readMeta(db)["embedder"] == embedderAtStart else {
                throw StoreError(
                    .embedderMismatch,
                    "the store's embedder changed (a reindex switched it) while the import was being written; "
                        + "nothing was imported: run the import again")
            }
            try db.prepare(
                """
                INSERT INTO history (user_id, memory_id, action, text, reason, at)
                SELECT user_id, external_id, 'add', text, coalesce(source, 'added'), ?
                FROM memories INDEXED BY memories_staged WHERE import_batch = ? ORDER BY id
                """
            ).bind(.real(Date().timeIntervalSince1970), .integer(batch)).run()
            try db.prepare("UPDATE memories INDEXED BY memories_staged SET import_batch = NULL WHERE import_batch = ?")
                .bind(.integer(batch)).run()
            for index in deferred {
                let (rowID, change) = try write(
                    prepared[index], userID: userID, now: now, mergingSameText: mergingSameText, in: db)
                rowIDs[index] = rowID
                changes.append(change)
            }
            try finishing(db, rowIDs.map { $0 ?? -1 })
            // Clearing import_batch fires no trigger: other processes learn here that this
            // user's vectors changed.
            try db.prepare(
                """
                INSERT INTO vector_versions (user_id, version) VALUES (?, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1
                """
            ).bind(.text(userID)).run()
            try ImportBatch.remove(batch, in: db)
            version = try Self.vectorVersion(of: userID, in: db)
        }
        applyToIndex(userID: userID, changes: changes, version: version)
        return rowIDs.map { $0 ?? -1 }
    }

    /// Inserts one new memory as part of `batch` and returns its rowid, or returns nil when it
    /// changes an existing memory (its id is taken, or `mergingSameText` and its text is an
    /// active memory's): those are written when the batch is switched in.
    private func stage(
        _ prepared: PreparedMemory, batch: Int64, userID: String, now: Date, mergingSameText: Bool,
        in db: SQLiteConnection
    ) throws -> Int64? {
        let item = prepared.item
        if let externalID = item.id,
            let holder = try db.prepare("SELECT import_batch FROM memories WHERE user_id = ? AND external_id = ?")
                .bind(.text(userID), .text(externalID)).firstRow({ $0.isNull(0) ? nil : $0.int64(0) })
        {
            guard holder == nil || holder == batch else { throw Self.heldByAnotherImport(externalID) }
            return nil
        }
        if mergingSameText,
            let duplicate = try db.prepare(Self.stagedOrActiveByHashSQL)
                .bind(.text(userID), .text(prepared.hash), .integer(batch)).firstRow({ $0.text(0) }),
            ContentHash.normalise(duplicate) == ContentHash.normalise(item.text)
        {
            return nil
        }
        return try insertRow(
            prepared, externalID: item.id ?? UUID().uuidString.lowercased(), userID: userID, now: now, batch: batch,
            in: db)
    }

    /// The text of an active memory of a user with a content hash, live or staged by one batch.
    /// INDEXED BY for the reason given at ``activeByHashSQL``.
    static let stagedOrActiveByHashSQL = """
        SELECT text FROM memories INDEXED BY memories_by_hash
        WHERE user_id = ? AND content_hash = ? AND status = 'active' AND (import_batch IS NULL OR import_batch = ?)
        """

    static func heldByAnotherImport(_ externalID: String) -> StoreError {
        StoreError(
            .busy,
            "another import is writing memory \(externalID) right now; run this import again when it has finished")
    }

    /// Deletes `batch`'s staged rows in short transactions, then the batch itself.
    static func discardStagedRows(of batch: Int64, in db: SQLiteConnection) throws {
        while true {
            let began = ContinuousClock.now
            let deleted = try db.transaction {
                try db.prepare(
                    """
                    DELETE FROM memories WHERE id IN (
                        SELECT id FROM memories INDEXED BY memories_staged WHERE import_batch = ? LIMIT 500)
                    """
                ).bind(.integer(batch)).run()
                let deleted = db.changes
                if deleted == 0 { try ImportBatch.remove(batch, in: db) }
                return deleted
            }
            if deleted == 0 { return }
            let held = ContinuousClock.now - began
            usleep(UInt32(clamping: max(1, Int64((held / .milliseconds(1)).rounded(.up))) * 1000))
        }
    }

    /// Deletes what imports left behind when their process was killed (or failed to clean up):
    /// batches whose process is gone from this host or whose claim lapsed, and staged rows of no
    /// registered batch. Their rows were never visible; this only frees their space.
    static func discardAbandonedImports(in db: SQLiteConnection, now: Date = Date()) throws {
        for batch in try ImportBatch.abandoned(now: now, in: db) {
            try Self.discardStagedRows(of: batch, in: db)
        }
    }
}
