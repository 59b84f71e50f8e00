import Foundation
import MemLayerStore

/// Vector search (pgvector, exact cosine by default) and keyword search (tsvector, English
/// stemming) over one user's live memories.
extension PostgresMemoryStore: MemorySearchStoring {
    package func search(vector: [Float], userID: String, k: Int, now: Date) async throws -> [SearchHit] {
        try checkVector(vector)
        guard k > 0 else { return [] }
        let candidates = try await vectorCandidates(vector, userID: userID, limit: k, now: now)
        let memories = try await memories(rowIDs: candidates.map(\.rowID))
        return zip(candidates, memories).map { candidate, memory in
            SearchHit(memory: memory, score: Float(candidate.score), similarity: Float(candidate.score))
        }
    }

    package func hasVectors(userID: String) async throws -> Bool {
        guard let embedder = cachedEmbedderID else { return false }
        return try await query(
            "SELECT EXISTS (SELECT 1 FROM memory_vectors WHERE user_id = $1 AND embedder = $2)",
            [.text(userID), .text(embedder)]
        )[0].bool(0)
    }

    package func vectorCandidates(_ vector: [Float], userID: String, limit: Int, now: Date) async throws
        -> [SearchCandidate]
    {
        try checkVector(vector)
        guard limit > 0 else { return [] }
        let binds: [PostgresValue] = [
            .text(userID), .vector(vector), .int64(Int64(limit)), .timestamp(now), .text(cachedEmbedderID ?? ""),
        ]
        let rows: [PostgresRow]
        switch vectorSearch {
        case .exact:
            rows = try await query(Self.exactCandidatesSQL, binds)
        case .hnsw(let efSearch):
            rows = try await transaction { db in
                try db.execute(
                    "SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = \(max(limit, efSearch))")
                return try db.query(Self.hnswCandidatesSQL, binds)
            }
        }
        return try rows.map { row in
            SearchCandidate(
                storedRow: try row.int64(0), score: try row.double(1), importance: try row.double(2),
                createdAt: try row.date(3), eventAt: try row.optionalDate(4))
        }
    }

    /// Every live vector of the user scored by cosine (a materialised CTE, so no index can
    /// reorder it), then sorted. A zero vector has no direction and is left out, as on SQLite.
    static let exactCandidatesSQL = """
        WITH scored AS MATERIALIZED (
            SELECT v.memory_id, 1 - (v.embedding <=> $2::vector) AS similarity, m.importance, m.created_at, m.event_at
            FROM memory_vectors v JOIN memories m ON m.id = v.memory_id
            WHERE v.user_id = $1 AND v.embedder = $5 AND \(liveWithTime("$4")) AND vector_norm(v.embedding) > 0
        )
        SELECT memory_id, similarity, importance, created_at, event_at FROM scored
        ORDER BY similarity DESC, memory_id LIMIT $3
        """

    /// The HNSW index's nearest rows by inner product (relaxed-order iterative scan), rescored
    /// by exact cosine.
    static let hnswCandidatesSQL = """
        WITH candidates AS MATERIALIZED (
            SELECT v.memory_id, v.embedding, m.importance, m.created_at, m.event_at
            FROM memory_vectors v JOIN memories m ON m.id = v.memory_id
            WHERE v.user_id = $1 AND v.embedder = $5 AND \(liveWithTime("$4"))
            ORDER BY v.embedding <#> $2::vector LIMIT $3
        )
        SELECT memory_id, 1 - (embedding <=> $2::vector) AS similarity, importance, created_at, event_at
        FROM candidates WHERE vector_norm(embedding) > 0 ORDER BY similarity DESC, memory_id LIMIT $3
        """

    /// ``live`` with the time in parameter `time`.
    static func liveWithTime(_ time: String) -> String {
        """
        m.user_id = $1 AND m.status = 'active' AND m.import_batch IS NULL AND (m.expires_at IS NULL OR m.expires_at > \(time))
        """
    }

    package func keywordCandidates(
        _ query: FullTextQuery, userID: String, limit: Int, now: Date, alongsideVectors: Bool
    ) async throws -> [SearchCandidate] {
        guard !query.terms.isEmpty, limit > 0 else { return [] }
        let query = try await withoutCommonTerms(query, alongsideVectors: alongsideVectors)
        guard !query.terms.isEmpty else { return [] }
        let rows = try await self.query(
            """
            SELECT m.id, ts_rank_cd(m.search_text, q.query) AS rank, m.importance, m.created_at, m.event_at
            FROM memories m, to_tsquery('english', $3) AS q (query)
            WHERE \(Self.live) AND m.search_text @@ q.query
            ORDER BY rank DESC, m.id LIMIT $4
            """,
            [.text(userID), .timestamp(now), .text(Self.tsquery(query)), .int64(Int64(limit))])
        return try rows.map { row in
            SearchCandidate(
                storedRow: try row.int64(0), score: try row.double(1), importance: try row.double(2),
                createdAt: try row.date(3), eventAt: try row.optionalDate(4))
        }
    }

    /// The SQLite store's rule for common terms (``SQLiteMemoryStore``'s keyword search): beside a
    /// vector search, a term found in more than a third of the rows is left out, and nothing is
    /// searched when no term is left; keywords alone leave out a term in more than half of the
    /// rows (and over 2,000) when the query has others. Rows are counted up to the threshold.
    func withoutCommonTerms(_ query: FullTextQuery, alongsideVectors: Bool) async throws -> FullTextQuery {
        guard query.terms.count > 1 || alongsideVectors else { return query }
        let rows = try await self.query("SELECT coalesce(max(id), 0) FROM memories").first.map { try $0.int64(0) } ?? 0
        let threshold = alongsideVectors ? max(rows / 3, 1) : max(rows / 2, SQLiteMemoryStore.commonTermFloor)
        guard rows > threshold else { return query }
        var kept: [String] = []
        for term in query.terms {
            let expression = Self.tsquery(FullTextQuery(terms: [term]))
            guard !expression.isEmpty else { continue }
            let matches =
                try await self.query(
                    """
                    SELECT count(*) FROM (
                        SELECT 1 FROM memories m WHERE m.search_text @@ to_tsquery('english', $1) LIMIT $2) s
                    """, [.text(expression), .int64(threshold + 1)]
                ).first.map { try $0.int64(0) } ?? 0
            if matches <= threshold { kept.append(term) }
        }
        if kept.isEmpty { return alongsideVectors ? FullTextQuery(terms: []) : query }
        return FullTextQuery(terms: kept)
    }

    /// The terms OR-ed for `to_tsquery`, which stems each and drops stop words; words of four
    /// or more letters also match as prefixes, like the SQLite store's FTS5 query. Terms hold
    /// only letters and digits, so nothing typed is read as tsquery syntax.
    static func tsquery(_ query: FullTextQuery) -> String {
        query.terms.map { term in
            let clean = term.filter { $0.isLetter || $0.isNumber }
            return clean.count >= 4 && clean.allSatisfy(\.isLetter) ? clean + ":*" : clean
        }.filter { !$0.isEmpty }.joined(separator: " | ")
    }

    package func similarities(of rowIDs: [Int64], to vector: [Float], userID: String) async throws -> [Int64: Double] {
        try checkVector(vector)
        guard !rowIDs.isEmpty else { return [:] }
        let rows = try await query(
            """
            SELECT memory_id, 1 - (embedding <=> $3::vector) FROM memory_vectors
            WHERE memory_id = ANY($1::bigint[]) AND user_id = $2 AND embedder = $4 AND vector_norm(embedding) > 0
                AND vector_norm($3::vector) > 0
            """, [.text(Self.array(rowIDs)), .text(userID), .vector(vector), .text(cachedEmbedderID ?? "")])
        var result: [Int64: Double] = [:]
        for row in rows { result[try row.int64(0)] = try row.double(1) }
        return result
    }

    /// Reads the memories and counts one access each; when another transaction holds their rows
    /// for more than 20 ms, or the account or server may only read, the count is skipped
    /// (`recorded` false) and the read still succeeds, as on a read-only SQLite file.
    package func accessMemories(rowIDs: [Int64], userID: String, now: Date) async throws
        -> (memories: [Int64: Memory], recorded: Bool)
    {
        guard !rowIDs.isEmpty else { return ([:], true) }
        let list = Self.array(rowIDs)
        var recorded = true
        do {
            try await transaction { db in
                try db.execute("SET LOCAL lock_timeout = '20ms'")
                try db.query(
                    """
                    UPDATE memories SET access_count = access_count + 1, last_accessed_at = $1
                    WHERE id = ANY($3::bigint[]) AND user_id = $2
                    """, [.timestamp(now), .text(userID), .text(list)])
            }
        } catch let error as StoreError
            where error.kind == .busy || Self.readOnlyDetails.contains(error.detail ?? "")
        {
            recorded = false
        }
        let rows = try await query(
            """
            SELECT \(Self.memoryColumns), m.id FROM \(Self.memoryFrom)
            WHERE m.id = ANY($2::bigint[]) AND m.user_id = $1 AND m.import_batch IS NULL
            """, [.text(userID), .text(list)])
        var byRowID: [Int64: Memory] = [:]
        for row in rows { byRowID[try row.int64(15)] = try Self.memory(from: row) }
        return (byRowID, recorded)
    }

    /// The errors of a write the account may not make (42501, no UPDATE privilege) or the server
    /// takes no writes at all (25006, a read-only transaction, as on a standby).
    static let readOnlyDetails: Set<String> = ["PostgreSQL SQLSTATE 42501", "PostgreSQL SQLSTATE 25006"]
}
