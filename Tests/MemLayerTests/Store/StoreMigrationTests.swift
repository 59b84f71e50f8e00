import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("Store migrations")
struct StoreMigrationTests {
    @Test("a version-2 file moves to the current version: re-indexed with stemming and user ids, nothing lost")
    func version2ToCurrent() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("memory.sqlite")
        // A file as version 2 of the code left it, with memories written through its triggers.
        let old = try RawSQLite(path: path)
        try old.execute(StoreSchema.version1)
        try old.execute(StoreSchema.version2)
        try old.execute("PRAGMA user_version = 2")
        for (id, text) in [(1, "User runs 10 km every Saturday"), (2, "User has allergies to cats")] {
            try old.execute(
                """
                INSERT INTO memories (id, external_id, user_id, text, created_at, updated_at, content_hash)
                VALUES (\(id), 'm\(id)', 'sam', '\(text)', 0, 0, 'h\(id)')
                """)
        }
        // Without stemming, "running" and "allergic" find nothing.
        #expect(try old.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'running'") == 0)

        let store = try SQLiteMemoryStore(location: .file(path))
        let engine = MemoryEngine(lightweight: store)
        let running = try await engine.search("When do I go running?", userID: "sam", tier: .balanced, limit: nil)
        #expect(running.hits.first?.memory.id == "m1")
        let allergic = try await engine.search("am I allergic to anything", userID: "sam", tier: .balanced, limit: nil)
        #expect(allergic.hits.first?.memory.id == "m2")
        #expect(try await store.memories(userID: "sam").count == 2)
        await store.close()

        let migrated = try RawSQLite(path: path)
        #expect(try migrated.integer("PRAGMA user_version") == Int64(StoreSchema.currentVersion))
        #expect(try migrated.integer("SELECT count(*) FROM memories_fts WHERE user_id MATCH 'sam'") == 2)
        // The triggers still keep the rebuilt index in step.
        try migrated.execute(
            """
            INSERT INTO memories (id, external_id, user_id, text, created_at, updated_at, content_hash)
            VALUES (3, 'm3', 'sam', 'User is swimming on Mondays', 0, 0, 'h3')
            """)
        #expect(try migrated.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'swims'") == 1)
        try migrated.execute("DELETE FROM memories WHERE id = 1")
        #expect(try migrated.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'run'") == 0)
    }

    @Test("a version-9 file gains job claims: its queued job is claimed once, then by nobody else")
    func version9GainsClaims() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("memory.sqlite")
        let old = try RawSQLite(path: path)
        for migration in StoreSchema.migrations.prefix(9) { try old.execute(migration) }
        try old.execute("PRAGMA user_version = 9")
        try old.execute(
            """
            INSERT INTO extraction_jobs (user_id, payload, created_at)
            VALUES ('sam', '{"user": "I moved to Lyon", "assistant": "", "at": 0}', 0)
            """)

        let store = try SQLiteMemoryStore(location: .file(path))
        let claimed = try #require(try await store.claimJob(for: ClaimHolder(id: "one"), lease: .seconds(600)))
        #expect(claimed.turn.user == "I moved to Lyon" && claimed.attempts == 0)
        #expect(try await store.claimJob(for: ClaimHolder(id: "two"), lease: .seconds(600)) == nil)
        await store.close()
        #expect(try RawSQLite(path: path).integer("PRAGMA user_version") == Int64(StoreSchema.currentVersion))
    }
}
