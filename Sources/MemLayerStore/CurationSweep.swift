import Foundation

/// One curation pass over one user's memories, run a bounded batch at a time so no transaction
/// holds the write lock for long: first the expired memories are deleted, then the active ones
/// are scanned in rowid order and those `archiveReason` picks are archived. Each batch also
/// removes the graph edges it left without a live source.
///
/// A kept turn is never deleted: an expired one is archived instead, and a turn that a queued
/// extraction job still points at is not archived at all (extraction is not done with it).
struct CurationSweep {
    private enum Phase {
        case expire
        case decay(after: Int64)
        case finished
    }

    let userID: String
    let now: Date
    let batchSize: Int
    let archiveReason: (Memory) -> String?
    private(set) var report: CurationReport
    private var phase = Phase.expire

    init(userID: String, now: Date, dryRun: Bool, batchSize: Int, archiveReason: @escaping (Memory) -> String?) {
        self.userID = userID
        self.now = now
        self.batchSize = batchSize
        self.archiveReason = archiveReason
        report = CurationReport(userID: userID, dryRun: dryRun)
    }

    var isFinished: Bool {
        if case .finished = phase { return true }
        return false
    }

    /// Runs the next batch inside the caller's transaction; returns the memory rows whose vectors
    /// must leave the in-memory index once it commits.
    mutating func step(in db: SQLiteConnection) throws -> [Int64] {
        var cascade = GraphCascade()
        var removed: [Int64] = []
        switch phase {
        case .expire:
            var expired: [(rowID: Int64, id: String, text: String, expiresAt: Double, isTurn: Bool)] = []
            try db.prepare(
                """
                SELECT id, external_id, text, expires_at, kind = 'turn' FROM memories
                WHERE user_id = ? AND expires_at IS NOT NULL AND expires_at <= ? AND import_batch IS NULL
                    AND NOT (kind = 'turn' AND status = 'archived')
                ORDER BY id LIMIT ?
                """
            ).bind(.text(userID), .real(now.timeIntervalSince1970), .integer(Int64(batchSize)))
                .forEachRow { expired.append(($0.int64(0), $0.text(1), $0.text(2), $0.double(3), $0.int64(4) != 0)) }
            // Deleted (and archived) rows leave the query's result, so the next batch needs no cursor.
            if expired.count < batchSize { phase = .decay(after: 0) }
            for memory in expired where memory.isTurn {
                let expiry = ISO8601.format(Date(timeIntervalSince1970: memory.expiresAt))
                try cascade.noteEdges(sourcedBy: memory.rowID, cause: "turn \(memory.id) was archived", in: db)
                try archive(
                    rowID: memory.rowID, id: memory.id, text: memory.text,
                    reason: "curation: expired at \(expiry); a turn is archived, never deleted", in: db)
                report.archivedTurns.append(memory.id)
                removed.append(memory.rowID)
            }
            for memory in expired where !memory.isTurn {
                try cascade.noteEdges(sourcedBy: memory.rowID, cause: "memory \(memory.id) expired", in: db)
                try db.prepare("DELETE FROM memories WHERE id = ?").bind(.integer(memory.rowID)).run()
                let expiry = ISO8601.format(Date(timeIntervalSince1970: memory.expiresAt))
                try SQLiteMemoryStore.recordHistory(
                    userID: userID, memoryID: memory.id, action: "delete", text: memory.text,
                    reason: "curation: expired at \(expiry)", in: db)
                report.deleted.append(memory.id)
                removed.append(memory.rowID)
            }
        case .decay(let cursor):
            var active: [(rowID: Int64, memory: Memory)] = []
            try db.prepare(
                """
                SELECT \(SQLiteMemoryStore.memoryColumns), id FROM memories
                WHERE user_id = ? AND status = 'active' AND import_batch IS NULL AND id > ? ORDER BY id LIMIT ?
                """
            ).bind(.text(userID), .integer(cursor), .integer(Int64(batchSize)))
                .forEachRow { active.append(($0.int64(15), SQLiteMemoryStore.memory(from: $0))) }
            phase = active.count < batchSize ? .finished : .decay(after: active.last?.rowID ?? cursor)
            for (rowID, memory) in active {
                guard let reason = archiveReason(memory) else { continue }
                if memory.kind == .turn, try Self.awaitsExtraction(memory.id, userID: userID, in: db) { continue }
                try cascade.noteEdges(sourcedBy: rowID, cause: "memory \(memory.id) was archived", in: db)
                try archive(rowID: rowID, id: memory.id, text: memory.text, reason: "curation: \(reason)", in: db)
                if memory.kind == .turn {
                    report.archivedTurns.append(memory.id)
                } else {
                    report.archived.append(memory.id)
                }
                removed.append(rowID)
            }
        case .finished:
            return []
        }
        try cascade.apply(userID: userID, now: now, in: db)
        report.removedRelationships += cascade.removedEdges
        report.removedEntities += cascade.removedEntities
        return removed
    }

    private func archive(rowID: Int64, id: String, text: String, reason: String, in db: SQLiteConnection) throws {
        try db.prepare("UPDATE memories SET status = 'archived', updated_at = ? WHERE id = ?")
            .bind(.real(now.timeIntervalSince1970), .integer(rowID)).run()
        try SQLiteMemoryStore.recordHistory(
            userID: userID, memoryID: id, action: "archive", text: text, reason: reason, in: db)
    }

    /// Whether a queued extraction job still points at kept turn `id`.
    private static func awaitsExtraction(_ id: String, userID: String, in db: SQLiteConnection) throws -> Bool {
        try db.prepare(
            """
            SELECT 1 FROM extraction_jobs WHERE user_id = ? AND json_valid(payload)
                AND json_extract(payload, '$.kept_memory_id') = ? LIMIT 1
            """
        ).bind(.text(userID), .text(id)).firstRow { _ in true } ?? false
    }
}
