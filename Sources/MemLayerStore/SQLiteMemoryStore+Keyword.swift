import Foundation

extension SQLiteMemoryStore {
    /// Up to `limit` active, unexpired memories of `userID` matching `query` in the full-text
    /// index, best bm25 first. A query with no searchable word finds nothing.
    ///
    /// `alongsideVectors`: the search also ranks by vector, so the keyword list is a second
    /// opinion (see ``withoutTermsInMostRows(_:alongsideVectors:in:)``).
    package func keywordCandidates(
        _ query: FullTextQuery, userID: String, limit: Int, now: Date, alongsideVectors: Bool = false
    ) throws -> [SearchCandidate] {
        guard query.expression != nil, limit > 0 else { return [] }
        let db = try db()
        guard let terms = try withoutTermsInMostRows(query, alongsideVectors: alongsideVectors, in: db).expression
        else { return [] }
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
            SELECT m.id, f.rank, m.importance, m.created_at, m.event_at,
                (CASE WHEN m.kind = 'turn' THEN \(Self.turnConversationColumnSQL("m")) END),
                (CASE WHEN m.kind = 'turn' THEN \(Self.turnPositionColumnSQL("m")) END)
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
                    eventAt: row.optionalDouble(4).map(Date.init(timeIntervalSince1970:)),
                    place: Self.place(conversation: row.optionalText(5), position: row.optionalDouble(6))))
        }
        return result
    }

    /// `query` without the terms too common to tell rows apart. When that leaves none, keywords
    /// alone keep `query` as it is, and a search beside vectors gets an empty query (no keyword
    /// candidates).
    ///
    /// Keyword search alone (lightweight mode, or a user without vectors): the terms found in
    /// more than half of the index's rows — and in more than ``commonTermFloor`` of them. FTS5's
    /// bm25 floors the weight (IDF) of a term in more than half the rows at 10⁻⁶, so it changes no
    /// row's score that matters, yet every row it matches must be scored and sorted: in a store of
    /// conversations between two people, each message starts with one of two names, and a
    /// question naming one of them matched ~45,000 of 60,000 rows (~90 ms on this machine, against
    /// ~3 ms without the name, in the same order). Below the floor scoring every match is cheap,
    /// and a small store keeps its weak matches ("bees" in a store that is all about bees).
    ///
    /// Beside a vector search (`alongsideVectors`), at any size: the terms found in more than a
    /// third of the rows. There the keyword list is a second opinion that catches the rare, exact
    /// words an embedding blurs (names of things, numbers). A term in a third of the rows is not
    /// one: its bm25 weight is under ln 2 ≈ 0.7 against 5 to 9 for a word in a handful of rows, yet
    /// every row it matches becomes a candidate ordered by its length, and rank fusion counts
    /// places, not weights — so for "What car did Daniel buy?" the shortest messages that only
    /// carry the name ("Daniel: Details.") took the keyword list's first places and, fused, the
    /// results' first places. Measured on the conversation development set
    /// (`Benchmarks/run-retrieval.sh`, balanced tier, hit ± 1 shown): recall@10 0.69 with the
    /// names, 0.76 without (the vector search still reads them, in the question's embedding).
    ///
    /// Counting stops past the larger threshold, so a rare term costs microseconds. The
    /// thresholds use the largest rowid, at least the number of rows, so a term is dropped only
    /// when it is surely that common. Counts are remembered (``TermCountCache``).
    func withoutTermsInMostRows(_ query: FullTextQuery, alongsideVectors: Bool = false, in db: SQLiteConnection)
        throws -> FullTextQuery
    {
        guard query.terms.count > 1 || alongsideVectors else { return query }
        let rows = try db.prepare("SELECT max(id) FROM memories").firstRow { $0.int64(0) } ?? 0
        let alone = max(rows / 2, Self.commonTermFloor)
        let threshold = alongsideVectors ? max(rows / 3, 1) : alone
        guard rows > threshold else { return query }
        let versions = try db.prepare("SELECT total(version) FROM vector_versions").firstRow { $0.int64(0) } ?? 0
        let generation = TermCountCache.Generation(rows: rows, versions: versions)
        var kept: [String] = []
        for term in query.terms {
            if let matches = termCounts.matches(of: term, in: generation) {
                if matches <= threshold { kept.append(term) }
                continue
            }
            let matches =
                try db.prepare(
                    "SELECT count(*) FROM (SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?)"
                )
                .bind(.text(FullTextQuery.expression(of: term)), .integer(max(alone, threshold) + 1))
                .firstRow { $0.int64(0) } ?? 0
            termCounts.record(term, matches: matches, in: generation)
            if matches <= threshold { kept.append(term) }
        }
        guard kept.isEmpty else { return FullTextQuery(terms: kept) }
        // Nothing uncommon left: keywords alone still search what there is; beside vectors the
        // keyword list would only hold rows ordered by length, after scoring every one of them
        // ("What did Daniel do in July 2024?" is "daniel" once the time is taken out: 69 ms over
        // 60,000 memories, for no candidate worth having).
        return alongsideVectors ? FullTextQuery(terms: []) : query
    }

    /// A term is never dropped for matching fewer rows than this: scoring 2,000 matches takes
    /// about a millisecond.
    package static let commonTermFloor: Int64 = 2_000
}
