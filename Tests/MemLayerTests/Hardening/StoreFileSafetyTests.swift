import Foundation
import MemLayer
import Testing

/// A store is private to its owner however its file came to be, and a file that is not a
/// MemLayer store is refused without being changed.
@Suite("Store file safety")
struct StoreFileSafetyTests {
    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a store created through a dangling symlink is 0600, and so are its -wal and -shm")
    func danglingSymlink() async throws {
        let directory = try TemporaryDirectory()
        let target = directory.path("real.sqlite")
        let link = directory.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let engine = try await MemoryEngine(store: SQLiteMemoryStore(location: .file(link)), embedder: HashingEmbedder())
        try await engine.remember("I keep bees", userID: "alice")
        #expect(try Self.mode(target) == 0o600)
        #expect(try Self.mode(target + "-wal") == 0o600)
        #expect(try Self.mode(target + "-shm") == 0o600)
        await engine.store.close()
    }

    @Test("an existing empty file becomes a 0600 store, -wal and -shm too")
    func emptyFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let engine = try await MemoryEngine(store: SQLiteMemoryStore(location: .file(path)), embedder: HashingEmbedder())
        try await engine.remember("I keep bees", userID: "alice")
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(path + "-wal") == 0o600)
        #expect(try Self.mode(path + "-shm") == 0o600)
        await engine.store.close()
    }

    @Test("a store with content keeps the mode its owner chose")
    func ownersModeKept() async throws {
        let fixture = try await StoreFixture()
        await fixture.store.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: fixture.path)
        let store = try SQLiteMemoryStore(location: .file(fixture.path))
        await store.close()
        #expect(try Self.mode(fixture.path) == 0o640)
    }

    @Test(
        "another program's database is refused before it is switched to WAL or changed at all",
        arguments: [
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY)",
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY); PRAGMA user_version = 2",
        ])
    func foreignUnchanged(schema: String) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        try RawSQLite(path: path).execute(schema)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteMemoryStore(location: .file(path)) }
        #expect(error?.kind == .incompatibleFile)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let journal = "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'delete'"
        #expect(try RawSQLite(path: path).integer(journal) == 1)
    }
}
