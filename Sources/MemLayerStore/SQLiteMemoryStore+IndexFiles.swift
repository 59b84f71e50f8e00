import CMemVec
import Foundation

/// Index files: each user's vector index kept beside the store as a file that the next process
/// maps instead of copying every embedding out of SQLite (a 1M-memory store opened in seconds
/// before; see Benchmarks/run-edge.sh).
///
/// A file is only ever a copy of what SQLite holds. It is named after the user and tagged with
/// the user, the embedder, the dimension and the user's `vector_versions` generation, which the
/// store's triggers bump on every change to that user's vectors, in the same transaction; a file
/// whose tag does not match the database is ignored (and replaced at the next close); the tag
/// also names the store file itself, so files left by a deleted or replaced store never match. A few rows
/// of a matching file are compared with their SQLite blobs before it is used, and the C side
/// checks the header's hash, layout and exact size; files are written to a temporary name and
/// renamed, so a process killed mid-write leaves no torn file. Set `MEMLAYER_VECTOR_FILES=0`
/// to always load from SQLite.
extension SQLiteMemoryStore {
    /// Below this many rows SQLite loads an index in a few milliseconds; no file is kept.
    /// Task-local so that tests can lower it for their own stores only.
    @TaskLocal static var indexFileMinimumRows = 4096

    /// Whether index files are used at all (`MEMLAYER_VECTOR_FILES=0` turns them off).
    static var indexFilesEnabled: Bool {
        ProcessInfo.processInfo.environment["MEMLAYER_VECTOR_FILES"] != "0"
    }

    /// `<store>.vectors/<hash of the user id>.mvx`, or nil for an in-memory store.
    func indexFileURL(userID: String) -> URL? {
        guard Self.indexFilesEnabled, case .file(let path) = location else { return nil }
        return URL(fileURLWithPath: path + ".vectors")
            .appendingPathComponent(String(FNV1a.hash(userID), radix: 16) + ".mvx")
    }

    /// What a file for `userID` at `version` must say it holds: the store file (by device, inode
    /// and birth time, so a store deleted and made again, or restored from a copy, never matches
    /// its predecessor's files), the user, the embedder and the generation. Nil when it would not
    /// fit the file's tag (a user id of about a kilobyte); that user then has no file.
    func indexFileTag(userID: String, version: Int64) -> [UInt8]? {
        guard let embedderID, let dimension, case .file(let path) = location else { return nil }
        var identity = [CChar](repeating: 0, count: 128)
        guard mv_file_identity(path, &identity, identity.count) == MV_OK else { return nil }
        let store = String(decoding: identity.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let tag = Array(
            ("memlayer-vectors 1\nstore \(store)\nuser \(userID)\nembedder \(embedderID)\n"
                + "dimension \(dimension)\nversion \(version)\n").utf8)
        return tag.count <= Int(MV_FILE_TAG_MAX) ? tag : nil
    }

    /// Maps `userID`'s index file into `index` if it matches the database at `version`.
    func openIndexFile(into index: VectorIndex, userID: String, version: Int64, in db: SQLiteConnection) throws
        -> Bool
    {
        guard let url = indexFileURL(userID: userID), let tag = indexFileTag(userID: userID, version: version),
            index.open(file: url.path, tag: tag)
        else { return false }
        if try spotCheckFails(index, userID: userID, in: db) {
            index.clear()
            return false
        }
        return true
    }

    /// Compares the first, middle and last rows with their SQLite blobs: a file that matches the
    /// tag but not the rows (a store file swapped for another with the same generation) is not used.
    private func spotCheckFails(_ index: VectorIndex, userID: String, in db: SQLiteConnection) throws -> Bool {
        guard index.count > 0 else { return false }
        let fetch = try db.prepare(
            "SELECT embedding FROM memories WHERE id = ? AND user_id = ? AND status = 'active' AND embedder = ?")
        for position in Set([0, index.count / 2, index.count - 1]) {
            guard let (rowID, row) = index.row(at: position) else { return true }
            fetch.reset()
            try fetch.bind(.integer(rowID), .text(userID), .optionalText(embedderID))
            guard let blob = try fetch.firstRow({ $0.blob(0) }) ?? nil,
                let stored = EmbeddingBlob.decode(blob, dimension: index.dimension)
            else { return true }
            var dot: Double = 0
            var norm: Double = 0
            for (a, b) in zip(stored, row) {
                dot += Double(a) * Double(b)
                norm += Double(a) * Double(a)
            }
            guard norm > 0, dot / norm.squareRoot() >= 0.99999 else { return true }
        }
        return false
    }

    /// Writes the file of every index this process copied out of SQLite and has not changed
    /// since, when it is large enough to need one, for the next process to map. Called on close;
    /// a file that cannot be written only costs the next open its speed.
    ///
    /// An index changed here is not written: a command that adds one memory to a large store
    /// would otherwise pay for writing the whole file (0.7 s at 100k rows on the benchmark
    /// machine, fsync included) on every run. The next process that loads it to read writes it.
    func saveIndexFiles() {
        guard let db = try? db() else { return }
        for (userID, entry) in indexes
        where entry.index.origin == .database && !entry.index.changedSinceLoad
            && entry.index.count >= Self.indexFileMinimumRows
        {
            // Another process may have changed the vectors since this index was last refreshed;
            // its contents then no longer match any generation we could name.
            guard let version = try? Self.vectorVersion(of: userID, in: db), version == entry.version,
                let url = indexFileURL(userID: userID), let tag = indexFileTag(userID: userID, version: version)
            else { continue }
            let folder = url.deletingLastPathComponent()
            try? FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            StaleTemporaryFiles.remove(besides: url)
            try? entry.index.save(to: url.path, tag: tag)
        }
    }
}

extension SQLiteMemoryStore {
    /// Whether `userID`'s index is loaded and still mapped from its file (for tests and
    /// diagnostics).
    func mappedIndexState(userID: String) -> Bool {
        indexes[userID]?.index.isMapped ?? false
    }
}
