import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The store's index files: written on close, mapped by the next open, and never used when they
/// disagree with the database (another process changed the vectors, or the file belongs to
/// another store with the same generation number).
@Suite("Store index files")
struct IndexFileStoreTests {
    static let dimension = 8
    static let user = "alice"

    static func vector(_ seed: Int) -> [Float] {
        (0..<dimension).map { Float(sin(Double(seed * 31 + $0 * 7))) + (Float($0) == Float(seed % dimension) ? 2 : 0) }
    }

    /// A store with `count` memories of `user` whose vectors follow `vector(seed + i)`.
    static func makeStore(_ path: String, count: Int, seed: Int = 0) async throws -> SQLiteMemoryStore {
        let store = try SQLiteMemoryStore(location: .file(path))
        try await store.useEmbedder(id: "test/\(dimension)", dimension: dimension)
        let items = (0..<count).map { NewMemory(text: "memory \($0)", embedding: vector(seed + $0)) }
        _ = try await store.insert(items, userID: user)
        return store
    }

    static func isMapped(_ store: SQLiteMemoryStore) async -> Bool {
        await store.mappedIndexState(userID: user)
    }

    static func texts(_ hits: [SearchHit]) -> [String] { hits.map(\.memory.text) }

    @Test("close writes the file, the next open maps it and finds the same memories")
    func writtenAndMapped() async throws {
        try await SQLiteMemoryStore.$indexFileMinimumRows.withValue(16) {
            let directory = try TemporaryDirectory()
            let path = directory.path("memory.sqlite")
            let store = try await Self.makeStore(path, count: 64)
            let query = Self.vector(5)
            let before = try await store.search(vector: query, userID: Self.user, k: 5)
            #expect(await Self.isMapped(store) == false)
            await store.close()
            let files = try FileManager.default.contentsOfDirectory(atPath: path + ".vectors")
            #expect(files.count == 1 && files[0].hasSuffix(".mvx"))
            let mode = try FileManager.default.attributesOfItem(atPath: path + ".vectors/" + files[0])[
                .posixPermissions]
            #expect((mode as? NSNumber)?.intValue == 0o600)

            let reopened = try SQLiteMemoryStore(location: .file(path))
            let after = try await reopened.search(vector: query, userID: Self.user, k: 5)
            #expect(await Self.isMapped(reopened))
            #expect(Self.texts(after) == Self.texts(before))
            #expect(after.map(\.score) == before.map(\.score))

            // Writes after mapping copy the rows out and keep search right.
            let fresh = Self.vector(12_345)
            _ = try await reopened.insert([NewMemory(text: "fresh", embedding: fresh)], userID: Self.user)
            #expect(await Self.isMapped(reopened) == false)
            #expect(try await reopened.search(vector: fresh, userID: Self.user, k: 1).first?.memory.text == "fresh")
            await reopened.close()
        }
    }

    @Test("a file made stale by another connection's write is not used")
    func staleFileIgnored() async throws {
        try await SQLiteMemoryStore.$indexFileMinimumRows.withValue(16) {
            let directory = try TemporaryDirectory()
            let path = directory.path("memory.sqlite")
            let store = try await Self.makeStore(path, count: 40)
            _ = try await store.search(vector: Self.vector(1), userID: Self.user, k: 3)
            await store.close()

            // Another process adds a memory; the file on disk still describes the old rows.
            let writer = try SQLiteMemoryStore(location: .file(path))
            let probe = Self.vector(999)
            _ = try await writer.insert([NewMemory(text: "added elsewhere", embedding: probe)], userID: Self.user)
            await writer.close()  // its index was never loaded: it writes no file

            // What a writer killed mid-write leaves: removed by the next save, unless its writer lives.
            let files = try FileManager.default.contentsOfDirectory(atPath: path + ".vectors")
            let dead = path + ".vectors/" + files[0] + ".tmp.999999999"
            let alive = path + ".vectors/" + files[0] + ".tmp.1"  // init: always running
            for leftover in [dead, alive] { try Data("torn".utf8).write(to: URL(fileURLWithPath: leftover)) }

            let reader = try SQLiteMemoryStore(location: .file(path))
            let hits = try await reader.search(vector: probe, userID: Self.user, k: 1)
            #expect(hits.first?.memory.text == "added elsewhere")
            #expect(await Self.isMapped(reader) == false)
            await reader.close()  // rewrites the file for the new generation
            #expect(!FileManager.default.fileExists(atPath: dead))
            #expect(FileManager.default.fileExists(atPath: alive))
            let again = try SQLiteMemoryStore(location: .file(path))
            #expect(
                try await again.search(vector: probe, userID: Self.user, k: 1).first?.memory.text == "added elsewhere")
            #expect(await Self.isMapped(again))
            await again.close()
        }
    }

    @Test("a file from another store with the same generation fails the row check and is not used")
    func foreignFileIgnored() async throws {
        try await SQLiteMemoryStore.$indexFileMinimumRows.withValue(16) {
            let directory = try TemporaryDirectory()
            let first = directory.path("a.sqlite")
            let second = directory.path("b.sqlite")
            let a = try await Self.makeStore(first, count: 50, seed: 0)
            _ = try await a.search(vector: Self.vector(1), userID: Self.user, k: 3)
            await a.close()
            let b = try await Self.makeStore(second, count: 50, seed: 1000)
            await b.close()
            try FileManager.default.copyItem(atPath: first + ".vectors", toPath: second + ".vectors")

            let reopened = try SQLiteMemoryStore(location: .file(second))
            let query = Self.vector(1010)
            let hits = try await reopened.search(vector: query, userID: Self.user, k: 1)
            #expect(await Self.isMapped(reopened) == false)
            #expect(hits.first?.memory.text == "memory 10")
            await reopened.close()
        }
    }

    @Test("a store deleted and made again never uses the files of the one it replaced")
    func recreatedStoreIgnoresOldFiles() async throws {
        try await SQLiteMemoryStore.$indexFileMinimumRows.withValue(16) {
            let directory = try TemporaryDirectory()
            let path = directory.path("memory.sqlite")
            let old = try await Self.makeStore(path, count: 30, seed: 0)
            _ = try await old.search(vector: Self.vector(1), userID: Self.user, k: 3)
            await old.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

            // Same user, embedder, count and so generation; the first, middle and last rows even
            // equal the old ones, so only the store's identity tells the files apart.
            let store = try SQLiteMemoryStore(location: .file(path))
            try await store.useEmbedder(id: "test/\(Self.dimension)", dimension: Self.dimension)
            let items = (0..<30).map { i in
                NewMemory(
                    text: "memory \(i)", embedding: [0, 15, 29].contains(i) ? Self.vector(i) : Self.vector(500 + i))
            }
            _ = try await store.insert(items, userID: Self.user)
            let hits = try await store.search(vector: Self.vector(507), userID: Self.user, k: 1)
            #expect(await Self.isMapped(store) == false)
            #expect(hits.first?.memory.text == "memory 7")
            await store.close()
        }
    }

    @Test("a process that changed its index writes no file on close; the next reader does")
    func changedIndexWritesNothing() async throws {
        try await SQLiteMemoryStore.$indexFileMinimumRows.withValue(16) {
            let directory = try TemporaryDirectory()
            let path = directory.path("memory.sqlite")
            let store = try await Self.makeStore(path, count: 40)
            _ = try await store.search(vector: Self.vector(1), userID: Self.user, k: 3)  // loads from SQLite
            _ = try await store.insert([NewMemory(text: "one more", embedding: Self.vector(777))], userID: Self.user)
            await store.close()
            #expect(!FileManager.default.fileExists(atPath: path + ".vectors"))

            let reader = try SQLiteMemoryStore(location: .file(path))
            #expect(
                try await reader.search(vector: Self.vector(777), userID: Self.user, k: 1).first?.memory.text
                    == "one more")
            await reader.close()
            let files = try FileManager.default.contentsOfDirectory(atPath: path + ".vectors")
            #expect(files.count == 1)
        }
    }

    @Test("small indexes and in-memory stores keep no file")
    func smallIndexesKeepNone() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("memory.sqlite")
        let store = try await Self.makeStore(path, count: 20)
        _ = try await store.search(vector: Self.vector(1), userID: Self.user, k: 3)
        await store.close()
        #expect(!FileManager.default.fileExists(atPath: path + ".vectors"))
    }
}
