import CMemVec
import CSQLite
import Testing

/// mv_index_load against a real SQLite file: good rows load, bad BLOBs are skipped (never read
/// past their end) and reported by rowid.
@Suite("Loading from SQLite")
struct LoadTests {
    let dim = 13

    /// A table with good rows plus one of every kind of bad row; returns the good rows.
    func makeTable(_ database: TemporaryDatabase, dim: Int = 13, rng: inout SeededGenerator) throws
        -> [Int64: [Float]]
    {
        try database.execute("CREATE TABLE memories(id INTEGER PRIMARY KEY, embedding BLOB)")
        var good: [Int64: [Float]] = [:]
        for rowid in Int64(1)...300 {
            let vector = rng.vector(dim)
            good[rowid] = vector
            try database.insert(rowid, blob: littleEndianBytes(vector))
        }
        let valid = littleEndianBytes(rng.vector(dim))
        try database.insert(1001, blob: Array(valid.dropLast(4)))  // short
        try database.insert(1002, blob: valid + [0, 0, 0, 0])  // long
        try database.insert(1003, blob: nil)  // NULL
        try database.insert(1004, blob: littleEndianBytes([Float](repeating: 0, count: dim)))  // zero
        var nan = rng.vector(dim)
        nan[dim / 2] = .nan
        try database.insert(1005, blob: littleEndianBytes(nan))
        var inf = rng.vector(dim)
        inf[dim - 1] = -.infinity
        try database.insert(1006, blob: littleEndianBytes(inf))
        try database.insert(1007, blob: [])  // empty BLOB
        // TEXT of exactly dim x 4 bytes: only its type tells it apart.
        let text = String(repeating: "t", count: dim * 4)
        try database.execute("INSERT INTO memories(id, embedding) VALUES (1008, '\(text)')")
        for rowid in Int64(301)...350 {
            let vector = rng.vector(dim)
            good[rowid] = vector
            try database.insert(rowid, blob: littleEndianBytes(vector))
        }
        return good
    }

    @Test(
        "good rows load; short, long, NULL, zero, NaN, infinite, empty and TEXT rows are skipped",
        arguments: [13, 16, 31, 384, 385])
    func loadAndSkip(dim: Int) throws {
        var rng = SeededGenerator(seed: 41)
        let database = try TemporaryDatabase()
        let good = try makeTable(database, dim: dim, rng: &rng)
        let stmt = try database.prepare("SELECT id, embedding FROM memories ORDER BY id")
        defer { sqlite3_finalize(stmt) }
        let index = try TestIndex(dim: dim)
        try index.upsert(999_999, rng.vector(dim))  // replaced by the load

        var loaded: Int64 = -1
        var skipped: Int64 = -1
        #expect(mv_index_load(index.pointer, stmt, &loaded, &skipped) == mvOK)
        #expect(loaded == 350)
        #expect(skipped == 8)
        var skippedCount: Int64 = 0
        let skippedRowids = mv_index_skipped_rowids(index.pointer, &skippedCount)
        #expect(Array(UnsafeBufferPointer(start: skippedRowids, count: Int(skippedCount))) == Array(1001...1008))
        #expect(index.count == 350)
        #expect(!index.contains(999_999))
        #expect(index.contains(1) && index.contains(350) && !index.contains(1003))

        index.reference = ReferenceIndex(dim: dim)
        for (rowid, vector) in good { index.reference.upsert(rowid, vector) }
        try index.expectAllKernelsMatch([rng.vector(dim), rng.vector(dim)], k: 20, "after load")

        // The statement was reset, and loading again replaces rather than appends.
        #expect(sqlite3_step(stmt) == SQLITE_ROW)
        sqlite3_reset(stmt)
        #expect(mv_index_load(index.pointer, stmt, &loaded, &skipped) == mvOK)
        #expect(loaded == 350 && skipped == 8 && index.count == 350)

        // Mutations work on a loaded index.
        #expect(index.remove(1) == mvOK)
        try index.upsert(5000, rng.vector(dim))
        try index.expectAllKernelsMatch([rng.vector(dim)], k: 400, "mutated after load")
    }

    @Test("a statement that fails mid-way reports MV_ERR_SQLITE and leaves the index empty")
    func failingStatement() throws {
        var rng = SeededGenerator(seed: 42)
        let database = try TemporaryDatabase()
        _ = try makeTable(database, rng: &rng)
        // abs() of the smallest integer raises "integer overflow" when row 200 is reached.
        let stmt = try database.prepare(
            """
            SELECT id, CASE WHEN id = 200 THEN abs(-9223372036854775807 - 1) ELSE embedding END
            FROM memories ORDER BY id
            """)
        defer { sqlite3_finalize(stmt) }
        let index = try TestIndex(dim: dim)
        var loaded: Int64 = -1
        var skipped: Int64 = -1
        #expect(mv_index_load(index.pointer, stmt, &loaded, &skipped) == Int32(MV_ERR_SQLITE))
        #expect(loaded == -1 && skipped == -1)
        #expect(index.count == 0)
        #expect(!index.contains(1))
    }

    @Test("an empty table loads nothing; a wrong dimension skips every row")
    func emptyAndWrongDimension() throws {
        var rng = SeededGenerator(seed: 43)
        let database = try TemporaryDatabase()
        try database.execute("CREATE TABLE memories(id INTEGER PRIMARY KEY, embedding BLOB)")
        let stmt = try database.prepare("SELECT id, embedding FROM memories")
        defer { sqlite3_finalize(stmt) }
        let index = try TestIndex(dim: dim)
        var loaded: Int64 = -1
        var skipped: Int64 = -1
        #expect(mv_index_load(index.pointer, stmt, &loaded, &skipped) == mvOK)
        #expect(loaded == 0 && skipped == 0)

        for rowid in Int64(1)...10 { try database.insert(rowid, blob: littleEndianBytes(rng.vector(dim))) }
        let wide = try TestIndex(dim: dim + 1)
        #expect(mv_index_load(wide.pointer, stmt, &loaded, &skipped) == mvOK)
        #expect(loaded == 0 && skipped == 10)
    }

    @Test("a rowid that appears twice keeps its later row")
    func repeatedRowid() throws {
        var rng = SeededGenerator(seed: 44)
        let database = try TemporaryDatabase()
        try database.execute("CREATE TABLE memories(id INTEGER, embedding BLOB)")
        let first = rng.vector(dim)
        let second = rng.vector(dim)
        try database.insert(7, blob: littleEndianBytes(first))
        try database.insert(8, blob: littleEndianBytes(rng.vector(dim)))
        try database.insert(7, blob: littleEndianBytes(second))
        let stmt = try database.prepare("SELECT id, embedding FROM memories ORDER BY rowid")
        defer { sqlite3_finalize(stmt) }
        let index = try TestIndex(dim: dim)
        var loaded: Int64 = -1
        var skipped: Int64 = -1
        #expect(mv_index_load(index.pointer, stmt, &loaded, &skipped) == mvOK)
        #expect(loaded == 2 && skipped == 0)
        let hit = try index.search(second, k: 1, kernel: MV_KERNEL_SCALAR)
        #expect(hit.first?.rowid == 7 && abs((hit.first?.score ?? 0) - 1) < 1e-6)
    }
}
