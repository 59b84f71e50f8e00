import Foundation
import Testing

@testable import MemLayerPostgres

@Suite("PostgreSQL schema migrations", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresSchemaTests {
    @Test("migrating twice changes nothing the second time")
    func idempotent() async throws {
        try await PostgresTestServer.withDatabase(migrated: false) { connection, _ in
            #expect(try await PostgresSchema.migrate(connection) == 0)
            let tables = try await Self.tables(connection)
            #expect(try await PostgresSchema.migrate(connection) == PostgresSchema.currentVersion)
            #expect(try await Self.tables(connection) == tables)
            for table in ["memories", "memory_vectors", "entities", "relationships", "tasks", "extraction_jobs",
                "history", "meta", "reindex_lease", "reindex_vectors", "memory_sources", "import_batches"]
            {
                #expect(tables.contains(table), "missing \(table)")
            }
            let versions = try await connection.query("SELECT version FROM memlayer_schema ORDER BY version")
            #expect(try versions.map { try $0.int64(0) } == (1...PostgresSchema.currentVersion).map(Int64.init))
        }
    }

    @Test("several processes opening a new database at once apply each migration once")
    func concurrentOpeners() async throws {
        try await PostgresTestServer.withDatabase(migrated: false) { connection, url in
            let before = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let other = try await PostgresConnection.connect(to: try PostgresURL(url))
                        let version = try await PostgresSchema.migrate(other)
                        await other.close()
                        return version
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(before.sorted() == [0, 1, 1, 1])
            #expect(try await connection.query("SELECT count(*) FROM memlayer_schema")[0].int64(0) == 1)
        }
    }

    @Test("a database from a newer memlayer is refused")
    func newerVersion() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            try await connection.update("INSERT INTO memlayer_schema (version) VALUES (99)")
            let error = await #expect(throws: PostgresError.self) { try await PostgresSchema.migrate(connection) }
            #expect(error?.kind == .incompatibleSchema)
            #expect(error?.message.contains("upgrade memlayer") == true)
        }
    }

    @Test("the vector column takes one dimension; another is refused with what to do")
    func vectorDimension() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            #expect(try await PostgresVectorTable.currentDimension(connection) == nil)
            try await PostgresVectorTable.prepare(connection, dimension: 8)
            try await PostgresVectorTable.prepare(connection, dimension: 8)
            #expect(try await PostgresVectorTable.currentDimension(connection) == 8)
            let error = await #expect(throws: PostgresError.self) {
                try await PostgresVectorTable.prepare(connection, dimension: 384)
            }
            #expect(error?.message.contains("memlayer reindex") == true)
        }
    }

    private static func tables(_ connection: PostgresConnection) async throws -> [String] {
        try await connection.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).map { try $0.string(0) }
    }
}
