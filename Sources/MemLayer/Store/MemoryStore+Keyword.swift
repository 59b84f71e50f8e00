import Foundation

extension MemoryStore {
    /// Up to `limit` active, unexpired memories of `userID` matching `query` in the full-text
    /// index, best bm25 first. A query with no searchable word finds nothing.
    func keywordCandidates(_ query: FullTextQuery, userID: String, limit: Int, now: Date) throws -> [SearchCandidate] {
        guard let terms = query.expression, limit > 0 else { return [] }
        var result: [SearchCandidate] = []
        // The user's rows are intersected inside FTS5 (the index holds user_id as a column with
        // bm25 weight 0), so other users' matches are never scored; the join's user_id test stays
        // exact whatever the id's tokens. bm25() is lower for better matches; the candidate's
        // score is its negation so that, as for cosine, higher is better. CROSS JOIN pins the
        // full-text match as the outer loop: with statistics SQLite may otherwise walk the user's
        // rows and probe the index for each (seconds instead of milliseconds at 10k memories).
        // Alone in the file (vector_versions has a row per user who ever had memories), a user
        // needs no scoping, which costs the intersection with a doclist of every row.
        let db = try db()
        let shared = try db.prepare("SELECT count(*) > 1 FROM vector_versions").firstRow { $0.int64(0) } == 1
        let expression = shared ? FullTextQuery.scoped(terms, toUser: userID) : terms
        try db.prepare(
            """
            SELECT m.id, bm25(memories_fts, 1.0, 0.0) AS rank, m.importance, m.created_at, m.event_at
            FROM memories_fts CROSS JOIN memories m ON m.id = memories_fts.rowid
            WHERE memories_fts MATCH ?1 AND m.user_id = ?2 AND m.status = 'active'
                AND (m.expires_at IS NULL OR m.expires_at > ?3) AND m.import_batch IS NULL
            ORDER BY rank LIMIT ?4
            """
        ).bind(.text(expression), .text(userID), .real(now.timeIntervalSince1970), .integer(Int64(limit)))
            .forEachRow { row in
                result.append(
                    SearchCandidate(
                        rowID: row.int64(0), score: -row.double(1), importance: row.double(2),
                        createdAt: Date(timeIntervalSince1970: row.double(3)),
                        eventAt: row.optionalDouble(4).map(Date.init(timeIntervalSince1970:))))
            }
        return result
    }
}
