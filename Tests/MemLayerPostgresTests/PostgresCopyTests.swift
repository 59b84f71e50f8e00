import Foundation
import Testing

@testable import MemLayerPostgres

@Suite("PostgreSQL binary COPY", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresCopyTests {
    static let memoryColumns = [
        "id", "external_id", "user_id", "text", "importance", "created_at", "updated_at",
        "content_hash", "metadata",
    ]

    static func memoryRow(_ id: Int64, user: String, text: String, at date: Date) -> [PostgresValue] {
        [
            .int64(id), .text("m\(id)"), .text(user), .text(text), .double(Double(id % 10) / 10), .timestamp(date),
            .timestamp(date), .text("hash\(id)"), id % 2 == 0 ? .null : .text("{\"position\": \(id)}"),
        ]
    }

    @Test("thousands of rows with vectors land in one statement, every value intact")
    func copyRows() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            try await PostgresVectorTable.prepare(connection, dimension: 4)
            let date = Date(timeIntervalSince1970: 1_796_644_743.5)
            let memories = (1...3000).map {
                Self.memoryRow(Int64($0), user: "u\($0 % 3)", text: "fact \($0) 🦊\t\n\\", at: date)
            }
            #expect(try await connection.copy(into: "memories", columns: Self.memoryColumns, rows: memories) == 3000)
            let vectors = (1...3000).map { id -> [PostgresValue] in
                [.int64(Int64(id)), .text("u\(id % 3)"), .text("test/4"), .vector([Float(id), 0.5, -1, 1e-7])]
            }
            try await connection.copy(
                into: "memory_vectors", columns: ["memory_id", "user_id", "embedder", "embedding"], rows: vectors)

            let row = try await connection.query(
                """
                SELECT m.text, m.importance, m.created_at, m.metadata, v.embedding, m.search_text @@ to_tsquery('english', 'facts')
                FROM memories m JOIN memory_vectors v ON v.memory_id = m.id WHERE m.id = 1777
                """)[0]
            #expect(try row.string(0) == "fact 1777 🦊\t\n\\")
            #expect(try row.double(1) == 0.7)
            #expect(abs(try row.date(2).timeIntervalSince(date)) < 1e-6)
            #expect(row.optionalString(3) == "{\"position\": 1777}")
            #expect(try row.vector(4) == [1777, 0.5, -1, 1e-7])
            #expect(try row.bool(5))
        }
    }

    @Test("a row the server refuses writes nothing, and the connection goes on")
    func refusedRow() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            let date = Date()
            var rows = (1...500).map { Self.memoryRow(Int64($0), user: "u", text: "private text \($0)", at: date) }
            rows[400][4] = .double(7)  // importance must be 0...1
            let error = await #expect(throws: PostgresError.self) {
                try await connection.copy(into: "memories", columns: Self.memoryColumns, rows: rows)
            }
            #expect(error?.sqlState == "23514")
            #expect(error?.description.contains("private text") == false)
            let none = try await connection.query("SELECT count(*) FROM memories")[0].int64(0)
            #expect(none == 0)

            let short = await #expect(throws: PostgresError.self) {
                try await connection.copy(into: "memories", columns: Self.memoryColumns, rows: [[.int64(1)]])
            }
            #expect(short?.kind == .invalidInput)
            // A type mismatch in binary (int64 into a text column is fine; text into bigint is not).
            var wrongType = Self.memoryRow(1, user: "u", text: "t", at: date)
            wrongType[0] = .text("12")
            await #expect(throws: PostgresError.self) {
                try await connection.copy(into: "memories", columns: Self.memoryColumns, rows: [wrongType])
            }
            let written = try await connection.copy(into: "memories", columns: Self.memoryColumns, rows: [rows[0]])
            let one = try await connection.query("SELECT count(*) FROM memories")[0].int64(0)
            #expect(written == 1 && one == 1)
        }
    }
}
