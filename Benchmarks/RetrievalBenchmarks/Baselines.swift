import CSQLite
import Foundation
import MemLayer

/// Plain BM25: SQLite FTS5's `bm25()` over the messages as the import keeps them (`Speaker:
/// words`), with FTS5's default tokenizer (no stemming, no stop words), the question's words
/// joined by OR. Nothing else: no vectors, no dates, no neighbours.
struct BM25Baseline {
    private let database: OpaquePointer

    init(turns: [(id: String, text: String)]) throws {
        var opened: OpaquePointer?
        guard sqlite3_open(":memory:", &opened) == SQLITE_OK, let opened else { throw BenchError("sqlite3_open") }
        database = opened
        try execute("CREATE VIRTUAL TABLE turns USING fts5(id UNINDEXED, text)")
        try execute("BEGIN")
        for turn in turns {
            let statement = try prepare("INSERT INTO turns (id, text) VALUES (?, ?)")
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, turn.id, -1, csqlite_transient())
            sqlite3_bind_text(statement, 2, turn.text, -1, csqlite_transient())
            guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchError("insert: \(message)") }
        }
        try execute("COMMIT")
    }

    func close() { sqlite3_close(database) }

    /// The ids of the `limit` best messages for `question`, best first.
    func search(_ question: String, limit: Int) throws -> [String] {
        let words = question.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard !words.isEmpty else { return [] }
        let match = Array(Set(words)).sorted().map { "\"\($0)\"" }.joined(separator: " OR ")
        let statement = try prepare("SELECT id FROM turns WHERE turns MATCH ? ORDER BY bm25(turns) LIMIT ?")
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, match, -1, csqlite_transient())
        sqlite3_bind_int(statement, 2, Int32(limit))
        var ids: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            ids.append(String(cString: sqlite3_column_text(statement, 0)))
        }
        return ids
    }

    private var message: String { String(cString: sqlite3_errmsg(database)) }

    private func execute(_ sql: String) throws {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("\(sql): \(message)") }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BenchError("\(sql): \(message)")
        }
        return statement
    }
}

/// Plain vector search: MiniLM embeddings of the messages as the import keeps them, ranked by
/// cosine with the question's embedding (both normalised: a dot product). Nothing else.
struct VectorBaseline {
    private let ids: [String]
    private let vectors: [[Float]]
    private let embedder: MiniLMEmbedder

    init(turns: [(id: String, text: String)], embedder: MiniLMEmbedder) async throws {
        ids = turns.map(\.id)
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: turns.count, by: 32) {
            vectors += try await embedder.embed(turns[start..<min(start + 32, turns.count)].map(\.text))
        }
        self.vectors = vectors
        self.embedder = embedder
    }

    /// The ids of the `limit` closest messages to `question`, closest first.
    func search(_ question: String, limit: Int) async throws -> [String] {
        let query = try await embedder.embed([question])[0]
        let scored = vectors.enumerated().map { offset, vector in
            (offset, zip(vector, query).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit).map { ids[$0.0] }
    }
}
