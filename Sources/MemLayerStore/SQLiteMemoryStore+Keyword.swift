import Foundation

extension SQLiteMemoryStore {
    /// Up to `limit` active, unexpired memories of `userID` matching `query` in the full-text
    /// index, best bm25 first. A query with no searchable word finds nothing.
    package func keywordCandidates(_ query: FullTextQuery, userID: String, limit: Int, now: Date) throws -> [SearchCandidate] {
        guard query.expression != nil, limit > 0 else { return [] }
        let db = try db()
        guard let terms = try withoutTermsInMostRows(query, in: db).expression else { return [] }
        // The user's rows are intersected inside FTS5 (the index holds user_id as a column with
        // bm25 weight 0), so other users' matches are never scored; the join's user_id test stays
        // exact whatever the id's tokens. bm25() is lower for better matches; the candidate's
        // score is its negation so that, as for cosine, higher is better. CROSS JOIN pins the
        // full-text match as the outer loop: with statistics SQLite may otherwise walk the user's
        // rows and probe the index for each (seconds instead of milliseconds at 10k memories).
        // Alone in the file (vector_versions has a row per user who ever had memories), a user
        // needs no scoping, which costs the intersection with a doclist of every row.
        let shared = try db.prepare("SELECT count(*) > 1 FROM vector_versions").firstRow { $0.int64(0) } == 1
        let expression = shared ? FullTextQuery.scoped(terms, toUser: userID) : terms
        // The best `fetch` matches are ranked inside FTS5 first and only they are read from
        // `memories`: a memory row holds its embedding (1.5 kB), and reading one for each of
        // 9,000 matches cost more than scoring them (31 ms against 5 ms with 60,000 memories).
        // When the filters (archived, expired, another user's) leave fewer than `limit`, the
        // next `fetch` is larger, until every match was looked at: the same rows as filtering
        // every match first.
        var fetch = limit.saturatingMultiplied(by: 2)
        while true {
            let result = try keywordCandidates(
                expression, userID: userID, limit: limit, ranking: fetch, now: now, in: db)
            if result.count >= limit { return result }
            let matches =
                try db.prepare("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH ?")
                .bind(.text(expression)).firstRow { $0.int64(0) } ?? 0
            if Int64(fetch) >= matches { return result }
            fetch = fetch.saturatingMultiplied(by: 4)
        }
    }

    /// The best `limit` of the `ranking` best matches of `expression` that pass the filters.
    private func keywordCandidates(
        _ expression: String, userID: String, limit: Int, ranking: Int, now: Date, in db: SQLiteConnection
    ) throws -> [SearchCandidate] {
        var result: [SearchCandidate] = []
        try db.prepare(
            """
            SELECT m.id, f.rank, m.importance, m.created_at, m.event_at
            FROM (
                SELECT rowid, bm25(memories_fts, 1.0, 0.0) AS rank FROM memories_fts
                WHERE memories_fts MATCH ?1 ORDER BY rank LIMIT ?5
            ) AS f CROSS JOIN memories m ON m.id = f.rowid
            WHERE m.user_id = ?2 AND m.status = 'active' AND (m.expires_at IS NULL OR m.expires_at > ?3)
                AND m.import_batch IS NULL
            ORDER BY f.rank LIMIT ?4
            """
        ).bind(
            .text(expression), .text(userID), .real(now.timeIntervalSince1970), .integer(Int64(limit)),
            .integer(Int64(ranking))
        ).forEachRow { row in
            result.append(
                SearchCandidate(
                    rowID: row.int64(0), score: -row.double(1), importance: row.double(2),
                    createdAt: Date(timeIntervalSince1970: row.double(3)),
                    eventAt: row.optionalDouble(4).map(Date.init(timeIntervalSince1970:))))
        }
        return result
    }

    /// `query` without the terms found in more than half of the index's rows — and in more than
    /// ``commonTermFloor`` of them — unless that would leave none.
    ///
    /// FTS5's bm25 floors the weight (IDF) of a term in more than half the rows at 10⁻⁶, so it
    /// changes no row's score that matters, yet every row it matches must be scored and sorted:
    /// in a store of conversations between two people, each message starts with one of two
    /// names, and a question naming one of them matched ~45,000 of 60,000 rows (~90 ms on this
    /// machine, against ~3 ms without the name, in the same order). Below the floor scoring
    /// every match is cheap, and a small store keeps its weak matches ("bees" in a store that is
    /// all about bees). Counting stops at the threshold, so a rare term costs microseconds. The
    /// threshold uses the largest rowid, at least the number of rows, so a term is dropped only
    /// when it is surely that common. Answers are remembered (``TermCountCache``).
    func withoutTermsInMostRows(_ query: FullTextQuery, in db: SQLiteConnection) throws -> FullTextQuery {
        guard query.terms.count > 1 else { return query }
        let rows = try db.prepare("SELECT max(id) FROM memories").firstRow { $0.int64(0) } ?? 0
        let threshold = max(rows / 2, Self.commonTermFloor)
        guard rows > threshold else { return query }
        let versions = try db.prepare("SELECT total(version) FROM vector_versions").firstRow { $0.int64(0) } ?? 0
        let generation = TermCountCache.Generation(rows: rows, versions: versions)
        var kept: [String] = []
        for term in query.terms {
            if let common = termCounts.isCommon(term, in: generation) {
                if !common { kept.append(term) }
                continue
            }
            let matches =
                try db.prepare(
                    "SELECT count(*) FROM (SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?)"
                )
                .bind(.text(FullTextQuery.expression(of: term)), .integer(threshold + 1)).firstRow { $0.int64(0) } ?? 0
            termCounts.record(term, common: matches > threshold, in: generation)
            if matches <= threshold { kept.append(term) }
        }
        return kept.isEmpty ? query : FullTextQuery(terms: kept)
    }

    /// A term is never dropped for matching fewer rows than this: scoring 2,000 matches takes
    /// about a millisecond.
    static let commonTermFloor: Int64 = 2_000
}
