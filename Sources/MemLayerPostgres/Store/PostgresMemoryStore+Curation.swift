import Foundation
import MemLayerStore

/// Curation as on SQLite: expired memories are deleted (kept turns archived), faded ones
/// archived by the caller's policy, and edges left without a live source removed, in batches of
/// one transaction each; a dry run does the same in one transaction and rolls it back.
extension PostgresMemoryStore: CurationStoring {
    package func curate(
        userID: String, now: Date, dryRun: Bool, batchSize: Int, archiveReason: @Sendable (Memory) -> String?
    ) async throws -> CurationReport {
        try Self.validate(userID: userID)
        guard batchSize > 0 else { throw StoreError(.invalidInput, "the curation batch size must be at least 1") }
        var report = CurationReport(userID: userID, dryRun: dryRun)
        var phase = CurationPhase.expire
        if dryRun {
            do {
                try await transaction { db in
                    var phase = CurationPhase.expire
                    var report = CurationReport(userID: userID, dryRun: true)
                    while phase != .finished {
                        phase = try Self.curationStep(
                            phase, userID: userID, now: now, batchSize: batchSize, archiveReason: archiveReason,
                            report: &report, in: db)
                    }
                    throw DryRunFinished(report: report)
                }
            } catch let finished as DryRunFinished {
                return finished.report
            }
        }
        while phase != .finished {
            let current = phase
            let (next, step) = try await transaction { db in
                var step = CurationReport(userID: userID, dryRun: false)
                let next = try Self.curationStep(
                    current, userID: userID, now: now, batchSize: batchSize, archiveReason: archiveReason,
                    report: &step, in: db)
                return (next, step)
            }
            phase = next
            report.deleted += step.deleted
            report.archived += step.archived
            report.archivedTurns += step.archivedTurns
            report.removedRelationships += step.removedRelationships
            report.removedEntities += step.removedEntities
        }
        return report
    }

    package func usersWithMemories() async throws -> [String] {
        try await query("SELECT DISTINCT user_id FROM memories ORDER BY user_id").map { try $0.string(0) }
    }

    /// Where a curation pass is: expiring, archiving after a row id, or done.
    enum CurationPhase: Sendable, Equatable {
        case expire
        case decay(after: Int64)
        case finished
    }

    /// Carries a dry run's report out of the transaction it rolls back.
    private struct DryRunFinished: Error {
        let report: CurationReport
    }

    /// One batch of `phase`; returns the next phase.
    static func curationStep(
        _ phase: CurationPhase, userID: String, now: Date, batchSize: Int, archiveReason: (Memory) -> String?,
        report: inout CurationReport, in db: isolated PostgresConnection
    ) throws -> CurationPhase {
        var cascade = PostgresGraphCascade(keepsText: true)
        var next = phase
        switch phase {
        case .expire:
            let expired = try db.query(
                """
                SELECT id, external_id, text, expires_at, kind = 'turn' FROM memories
                WHERE user_id = $1 AND expires_at IS NOT NULL AND expires_at <= $2 AND import_batch IS NULL
                    AND NOT (kind = 'turn' AND status = 'archived')
                ORDER BY id LIMIT $3
                """, [.text(userID), .timestamp(now), .int64(Int64(batchSize))]
            ).map { (rowID: try $0.int64(0), id: try $0.string(1), text: try $0.string(2), expiresAt: try $0.date(3),
                     isTurn: try $0.bool(4)) }
            if expired.count < batchSize { next = .decay(after: 0) }
            for memory in expired where memory.isTurn {
                try cascade.noteEdges(sourcedBy: memory.rowID, cause: "turn \(memory.id) was archived", in: db)
                try archive(
                    rowID: memory.rowID, id: memory.id, text: memory.text, userID: userID, now: now,
                    reason: "curation: expired at \(ISO8601.format(memory.expiresAt)); a turn is archived, never deleted",
                    in: db)
                report.archivedTurns.append(memory.id)
            }
            for memory in expired where !memory.isTurn {
                try cascade.noteEdges(sourcedBy: memory.rowID, cause: "memory \(memory.id) expired", in: db)
                try db.query("DELETE FROM memories WHERE id = $1", [.int64(memory.rowID)])
                try recordHistory(
                    userID: userID, memoryID: memory.id, action: "delete", text: memory.text,
                    reason: "curation: expired at \(ISO8601.format(memory.expiresAt))", in: db)
                report.deleted.append(memory.id)
            }
        case .decay(let cursor):
            let active = try db.query(
                """
                SELECT \(memoryColumns), m.id FROM \(memoryFrom)
                WHERE m.user_id = $1 AND m.status = 'active' AND m.import_batch IS NULL AND m.id > $2
                ORDER BY m.id LIMIT $3
                """, [.text(userID), .int64(cursor), .int64(Int64(batchSize))]
            ).map { (rowID: try $0.int64(15), memory: try memory(from: $0)) }
            next = active.count < batchSize ? .finished : .decay(after: active.last?.rowID ?? cursor)
            for (rowID, memory) in active {
                guard let reason = archiveReason(memory) else { continue }
                if memory.kind == .turn, try awaitsExtraction(memory.id, userID: userID, in: db) { continue }
                try cascade.noteEdges(sourcedBy: rowID, cause: "memory \(memory.id) was archived", in: db)
                try archive(
                    rowID: rowID, id: memory.id, text: memory.text, userID: userID, now: now,
                    reason: "curation: \(reason)", in: db)
                if memory.kind == .turn {
                    report.archivedTurns.append(memory.id)
                } else {
                    report.archived.append(memory.id)
                }
            }
        case .finished:
            return .finished
        }
        try cascade.apply(userID: userID, now: now, in: db)
        report.removedRelationships += cascade.removedEdges
        report.removedEntities += cascade.removedEntities
        return next
    }

    private static func archive(
        rowID: Int64, id: String, text: String, userID: String, now: Date, reason: String,
        in db: isolated PostgresConnection
    ) throws {
        try db.query(
            "UPDATE memories SET status = 'archived', updated_at = $1 WHERE id = $2", [.timestamp(now), .int64(rowID)])
        try recordHistory(userID: userID, memoryID: id, action: "archive", text: text, reason: reason, in: db)
    }

    /// Whether a queued job still points at kept turn `id` (archiving it would hide it from
    /// the extraction that is about to read it).
    private static func awaitsExtraction(_ id: String, userID: String, in db: isolated PostgresConnection) throws
        -> Bool
    {
        !(try db.query(
            """
            SELECT 1 FROM extraction_jobs WHERE user_id = $1 AND payload IS JSON OBJECT
                AND payload::jsonb ->> 'kept_memory_id' = $2 LIMIT 1
            """, [.text(userID), .text(id)]
        ).isEmpty)
    }
}
