import Foundation

@testable import MemLayerPostgres

/// Rows for the search suites, written with plain SQL (the store's write path is not here yet).
enum PostgresTestData {
    /// Inserts a memory; returns its row id.
    @discardableResult
    static func insertMemory(
        _ connection: PostgresConnection, userID: String, text: String, status: String = "active"
    ) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO memories (external_id, user_id, text, status, created_at, updated_at, content_hash)
            VALUES (gen_random_uuid()::text, $1, $2, $3, now(), now(), md5($2)) RETURNING id
            """, [.text(userID), .text(text), .text(status)])
        return try rows[0].int64(0)
    }

    /// Inserts a memory with `vector`; returns its row id.
    @discardableResult
    static func insertVector(
        _ connection: PostgresConnection, userID: String, vector: [Float], status: String = "active"
    ) async throws -> Int64 {
        let id = try await insertMemory(connection, userID: userID, text: "vector memory", status: status)
        try await connection.update(
            "INSERT INTO memory_vectors (memory_id, user_id, embedder, embedding) VALUES ($1, $2, 'test/8', $3)",
            [.int64(id), .text(userID), .vector(vector)])
        return id
    }

    /// A unit-length vector of `dimension` random components, from `generator`.
    static func unitVector(_ dimension: Int, _ generator: inout some RandomNumberGenerator) -> [Float] {
        let raw = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
}

/// A seeded generator (SplitMix64), so a failing case can be run again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
