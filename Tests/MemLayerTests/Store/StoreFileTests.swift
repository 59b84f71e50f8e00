import Foundation
import MemLayer
import Testing

@Suite("Store file")
struct StoreFileTests {
    @Test("a new store file is created with mode 0600, WAL and the current schema")
    func createsPrivateFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("nested/folder/memory.sqlite")
        let store = try SQLiteMemoryStore(location: .file(path))
        await store.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let raw = try RawSQLite(path: path)
        #expect(try raw.integer("PRAGMA user_version") == 10)
        #expect(try raw.integer("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") == 1)
        #expect(try raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'memories_fts'") == 1)
    }

    @Test("memories survive closing and reopening")
    func reopenKeepsData() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("I work at Acme Corp", userID: "alice")
        await fixture.store.close()
        await fixture.store.close()  // idempotent
        let reopened = try await fixture.reopen()
        let hits = try await reopened.search("where do I work", userID: "alice", k: 3)
        #expect(hits.map(\.memory.text) == ["I work at Acme Corp"])
    }

    @Test("a closed store refuses work with a clear error")
    func closedStore() async throws {
        let fixture = try await StoreFixture()
        await fixture.store.close()
        await #expect(throws: StoreError.self) { try await fixture.engine.remember("x", userID: "a") }
    }

    @Test("a file that is not SQLite is refused, and left as it was")
    func notADatabase() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.txt")
        let content = Data(String(repeating: "my precious notes\n", count: 300).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try SQLiteMemoryStore(location: .file(path)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    }

    @Test("another program's database is refused")
    func foreignDatabase() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        try RawSQLite(path: path).execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        let error = #expect(throws: StoreError.self) { try SQLiteMemoryStore(location: .file(path)) }
        #expect(error?.kind == .incompatibleFile)
    }

    @Test("a store from a newer version is refused, not guessed at")
    func newerSchema() async throws {
        let fixture = try await StoreFixture()
        await fixture.store.close()
        try RawSQLite(path: fixture.path).execute("PRAGMA user_version = 99")
        let error = #expect(throws: StoreError.self) { try SQLiteMemoryStore(location: .file(fixture.path)) }
        #expect(error?.kind == .incompatibleFile)
        #expect(error?.message.contains("99") == true)
    }

    @Test("opening with another embedder names both and memlayer reindex")
    func embedderMismatch() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("I like tea", userID: "alice")
        await fixture.store.close()
        let error = await #expect(throws: StoreError.self) {
            _ = try await fixture.reopen(embedder: HashingEmbedder(dimension: 64))
        }
        #expect(error?.kind == .embedderMismatch)
        #expect(error?.message.contains("hash-ngram-v1/384") == true)
        #expect(error?.message.contains("hash-ngram-v1/64") == true)
        #expect(error?.message.contains("memlayer reindex") == true)
    }

    @Test("an empty store may switch embedders freely")
    func emptyStoreSwitchesEmbedder() async throws {
        let fixture = try await StoreFixture()
        await fixture.store.close()
        let other = try await fixture.reopen(embedder: HashingEmbedder(dimension: 64))
        #expect(await other.store.embedderID == "hash-ngram-v1/64")
    }

    @Test("SQL errors name the statement but never the bound values")
    func errorsHideValues() async throws {
        let fixture = try await StoreFixture()
        try RawSQLite(path: fixture.path).execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON memories BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
        let error = await #expect(throws: StoreError.self) {
            try await fixture.engine.remember("my bank PIN is 4417", userID: "alice")
        }
        #expect(error?.kind == .database)
        #expect(error?.sql?.contains("INSERT INTO memories") == true)
        #expect(error.map { "\($0)".contains("refused by test") } == true)
        #expect(error.map { "\($0)".contains("4417") } == false)
    }
}
