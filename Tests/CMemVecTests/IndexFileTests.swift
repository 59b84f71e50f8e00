import CMemVec
import CSQLite
import Foundation
import Testing

/// Index files (mv_index_save / mv_index_open_file): a mapped index searches exactly like the
/// one saved, mutations copy it out without touching the file, and a file that is missing,
/// written for another tag or dimension, or damaged is refused rather than half-used.
@Suite("Index files")
struct IndexFileTests {
    /// A scratch folder, removed with the value.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mvfile-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        var names: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? [] }
    }

    static let tag = Array("user alice\nversion 7\n".utf8)

    static func save(_ index: TestIndex, _ path: String, tag: [UInt8] = tag) -> Int32 {
        tag.withUnsafeBytes { mv_index_save(index.pointer, path, $0.baseAddress, $0.count) }
    }

    static func open(_ index: TestIndex, _ path: String, tag: [UInt8] = tag) -> Int32 {
        tag.withUnsafeBytes { mv_index_open_file(index.pointer, path, $0.baseAddress, $0.count) }
    }

    @Test("a saved index maps back and every kernel finds what the original finds", arguments: [7, 16, 384])
    func roundTrip(dim: Int) throws {
        var rng = SeededGenerator(seed: 61)
        let folder = try Folder()
        let original = try TestIndex(dim: dim)
        try original.fillRandom(3000, using: &rng)
        // Holes filled by the last row, so lanes past the end held other rows once.
        for rowid in stride(from: Int64(-100), to: 2000, by: 97) { _ = original.remove(rowid) }
        #expect(Self.save(original, folder.path("u.mvx")) == mvOK)
        #expect(folder.names == ["u.mvx"], "no temporary file left")

        let mapped = try TestIndex(dim: dim)
        try mapped.upsert(123_456, rng.vector(dim))  // replaced by the open
        #expect(Self.open(mapped, folder.path("u.mvx")) == mvOK)
        #expect(mv_index_is_mapped(mapped.pointer) == 1)
        #expect(mapped.count == original.count)
        #expect(!mapped.contains(123_456))
        mapped.reference = original.reference
        let queries = [rng.vector(dim), rng.vector(dim), rng.vector(dim)]
        try mapped.expectAllKernelsMatch(queries, k: 10, "mapped")
        try mapped.expectAllKernelsMatch(queries, k: 200, "mapped, wide")
        for (name, kernel) in allKernels {
            for query in queries {
                #expect(
                    try mapped.search(query, k: 25, kernel: kernel).map(\.rowid)
                        == original.search(query, k: 25, kernel: kernel).map(\.rowid), "\(name)")
            }
        }
    }

    @Test("mutating a mapped index copies it out and leaves the file as it was")
    func mutationDetaches() throws {
        var rng = SeededGenerator(seed: 62)
        let folder = try Folder()
        let original = try TestIndex(dim: 24)
        try original.fillRandom(500, using: &rng)
        #expect(Self.save(original, folder.path("u.mvx")) == mvOK)
        let before = try Data(contentsOf: folder.url.appendingPathComponent("u.mvx"))

        let mapped = try TestIndex(dim: 24)
        #expect(Self.open(mapped, folder.path("u.mvx")) == mvOK)
        mapped.reference = original.reference
        #expect(mapped.remove(-100) == mvOK)  // the first row: the last moves into its place
        #expect(mv_index_is_mapped(mapped.pointer) == 0)
        try mapped.upsert(-93, rng.vector(24))  // replace
        try mapped.upsert(90_000, rng.vector(24))  // append
        #expect(mapped.remove(424_242) == mvErrNotFound)
        try mapped.expectAllKernelsMatch([rng.vector(24), rng.vector(24)], k: 30, "after detaching")
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("u.mvx")) == before)

        // Removing an absent rowid from a mapped index changes nothing and copies nothing.
        let again = try TestIndex(dim: 24)
        #expect(Self.open(again, folder.path("u.mvx")) == mvOK)
        #expect(again.remove(424_242) == mvErrNotFound)
        #expect(mv_index_is_mapped(again.pointer) == 1)
        mv_index_clear(again.pointer)
        #expect(again.count == 0 && mv_index_is_mapped(again.pointer) == 0)
    }

    @Test("skipped rowids and an empty index survive the round trip")
    func skippedAndEmpty() throws {
        let folder = try Folder()
        let database = try TemporaryDatabase()
        try database.execute("CREATE TABLE memories (id INTEGER PRIMARY KEY, embedding BLOB)")
        try database.insert(1, blob: littleEndianBytes([1, 0, 0, 0]))
        try database.insert(2, blob: nil)
        try database.insert(3, blob: littleEndianBytes([0, 0, 0, 0]))
        let stmt = try database.prepare("SELECT id, embedding FROM memories ORDER BY id")
        defer { sqlite3_finalize(stmt) }
        let loaded = try TestIndex(dim: 4)
        var count: Int64 = 0
        var skipped: Int64 = 0
        #expect(mv_index_load(loaded.pointer, stmt, &count, &skipped) == mvOK)
        #expect(Self.save(loaded, folder.path("s.mvx")) == mvOK)
        let mapped = try TestIndex(dim: 4)
        #expect(Self.open(mapped, folder.path("s.mvx")) == mvOK)
        var skippedCount: Int64 = 0
        let ids = mv_index_skipped_rowids(mapped.pointer, &skippedCount)
        #expect(Array(UnsafeBufferPointer(start: ids, count: Int(skippedCount))) == [2, 3])
        #expect(mapped.count == 1 && mapped.contains(1))

        let empty = try TestIndex(dim: 4)
        #expect(Self.save(empty, folder.path("e.mvx")) == mvOK)
        let reopened = try TestIndex(dim: 4)
        #expect(Self.open(reopened, folder.path("e.mvx")) == mvOK)
        #expect(reopened.count == 0)
        try reopened.upsert(5, [0, 1, 0, 0])
        #expect(try reopened.search([0, 1, 0, 0], k: 1, kernel: MV_KERNEL_AUTO).map(\.rowid) == [5])
    }

    @Test("a missing file, another tag or another dimension is refused and leaves the index empty")
    func refusesOthers() throws {
        var rng = SeededGenerator(seed: 63)
        let folder = try Folder()
        let original = try TestIndex(dim: 12)
        try original.fillRandom(100, using: &rng)
        #expect(Self.save(original, folder.path("u.mvx")) == mvOK)
        let other = try TestIndex(dim: 12)
        try other.upsert(1, rng.vector(12))
        #expect(Self.open(other, folder.path("missing.mvx")) == mvErrNotFound)
        #expect(Self.open(other, folder.path("u.mvx"), tag: Array("user alice\nversion 8\n".utf8)) == mvErrNotFound)
        #expect(other.count == 0)
        #expect(Self.open(other, folder.path("u.mvx"), tag: []) == mvErrNotFound)
        let wider = try TestIndex(dim: 13)
        #expect(Self.open(wider, folder.path("u.mvx")) == mvErrNotFound)
        #expect(Self.open(other, folder.path("u.mvx")) == mvOK)
        #expect(other.count == 100)
    }

    @Test("a truncated, extended or altered file is refused", arguments: ["truncated", "extended", "header", "tag"])
    func refusesDamage(damage: String) throws {
        var rng = SeededGenerator(seed: 64)
        let folder = try Folder()
        let original = try TestIndex(dim: 16)
        try original.fillRandom(300, using: &rng)
        let path = folder.path("u.mvx")
        #expect(Self.save(original, path) == mvOK)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        switch damage {
        case "truncated": bytes.removeLast()
        case "extended": bytes.append(0)
        case "header": bytes[12] ^= 0x01  // the dimension
        default: bytes[60] ^= 0x20  // inside the tag
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        let mapped = try TestIndex(dim: 16)
        #expect(Self.open(mapped, path) == mvErrNotFound)
        #expect(mapped.count == 0 && mv_index_is_mapped(mapped.pointer) == 0)
    }

    @Test("a file that cannot be written is an error and leaves nothing behind")
    func unwritable() throws {
        let index = try TestIndex(dim: 3)
        try index.upsert(1, [1, 2, 3])
        #expect(Self.save(index, "/proc/no-such-folder/u.mvx") == Int32(MV_ERR_IO))
        let long = [UInt8](repeating: 65, count: Int(MV_FILE_TAG_MAX) + 1)
        let folder = try Folder()
        #expect(Self.save(index, folder.path("u.mvx"), tag: long) == mvErrArg)
        #expect(folder.names.isEmpty)
    }
}
