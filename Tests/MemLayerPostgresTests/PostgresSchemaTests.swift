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
            for table in [
                "memories", "memory_vectors", "entities", "relationships", "tasks", "extraction_jobs",
                "history", "meta", "reindex_lease", "reindex_vectors", "memory_sources", "import_batches",
            ] {
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
            let current = PostgresSchema.currentVersion
            #expect(before.sorted() == [0, current, current, current])
            #expect(
                try await connection.query("SELECT count(*) FROM memlayer_schema")[0].int64(0) == Int64(current))
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

@Suite("PostgreSQL reindex lease", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresReindexLeaseTests {
    @Test("one owner at a time; renewal, release, lapse, and a dead local holder")
    func lease() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            try await PostgresReindexLease.claim(connection, owner: "a", target: "minilm/384", duration: .seconds(60))
            try await PostgresReindexLease.claim(connection, owner: "a", target: "minilm/384", duration: .seconds(60))
            let busy = await #expect(throws: PostgresReindexLease.Busy.self) {
                try await PostgresReindexLease.claim(
                    connection, owner: "b", target: "other/768", duration: .seconds(60))
            }
            #expect(busy?.holder?.owner == "a")
            #expect(busy?.description.contains("minilm/384") == true)

            try await PostgresReindexLease.release(connection, owner: "b")  // not b's: kept
            #expect(try await PostgresReindexLease.current(connection)?.owner == "a")
            try await PostgresReindexLease.release(connection, owner: "a")
            #expect(try await PostgresReindexLease.current(connection) == nil)

            // A lapsed claim (zero duration) is taken over.
            try await PostgresReindexLease.claim(connection, owner: "c", target: "t", duration: .zero)
            try await PostgresReindexLease.claim(connection, owner: "d", target: "t", duration: .seconds(60))
            #expect(try await PostgresReindexLease.current(connection)?.owner == "d")

            // A live claim whose holder was a process of this host that is gone is taken over.
            let gone = try Self.exitedProcessID()
            try await connection.update("UPDATE reindex_lease SET process_id = $1", [.int64(Int64(gone))])
            try await PostgresReindexLease.claim(connection, owner: "e", target: "t", duration: .seconds(60))
            #expect(try await PostgresReindexLease.current(connection)?.owner == "e")
        }
    }

    /// The id of a process that has exited (and been reaped).
    private static func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
