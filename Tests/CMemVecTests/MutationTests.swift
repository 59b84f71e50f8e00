import CMemVec
import Testing

/// Upsert, remove and contains, checked by searching afterwards (the row map and the matrix
/// must stay in step through the swap-with-last removal).
@Suite("Index mutations")
struct MutationTests {
    @Test("upsert of an existing rowid replaces its row in place")
    func upsertReplaces() throws {
        var rng = SeededGenerator(seed: 21)
        let index = try TestIndex(dim: 19)
        try index.fillRandom(60, using: &rng)
        let target = rng.vector(19)
        let replaced: Int64 = 7 * 30 - 100  // a rowid fillRandom used
        try index.upsert(replaced, target)
        #expect(index.count == 60)
        for (name, kernel) in allKernels {
            #expect(try index.search(target, k: 1, kernel: kernel).first?.rowid == replaced, "\(name)")
        }
        try index.expectAllKernelsMatch([target, rng.vector(19)], k: 60, "after replace")
    }

    @Test("remove the first, a middle and the last row, then an absent one")
    func removeRows() throws {
        var rng = SeededGenerator(seed: 22)
        let index = try TestIndex(dim: 10)
        for rowid: Int64 in 1...30 { try index.upsert(rowid, rng.vector(10)) }
        let queries = [rng.vector(10), rng.vector(10)]
        for (step, rowid) in [Int64(1), 15, 30, 29].enumerated() {
            #expect(index.remove(rowid) == mvOK)
            #expect(!index.contains(rowid))
            #expect(index.count == 29 - step)
            try index.expectAllKernelsMatch(queries, k: 40, "after removing \(rowid)")
        }
        #expect(index.remove(1) == mvErrNotFound)
        #expect(index.remove(999) == mvErrNotFound)
        #expect(index.count == 26)
        for rowid in Array(index.reference.rows.keys) { #expect(index.remove(rowid) == mvOK) }
        #expect(index.count == 0)
        #expect(try index.search(queries[0], k: 5, kernel: MV_KERNEL_AUTO).isEmpty)
        try index.upsert(5, queries[1])
        #expect(try index.search(queries[1], k: 5, kernel: MV_KERNEL_AUTO).map(\.rowid) == [5])
    }

    @Test("a random mix of upserts and removes keeps map, matrix and reference in step")
    func randomOperations() throws {
        var rng = SeededGenerator(seed: 23)
        let index = try TestIndex(dim: 5)
        for _ in 0..<4000 {
            let rowid = Int64.random(in: -40..<88, using: &rng)
            if Bool.random(using: &rng) {
                try index.upsert(rowid, rng.vector(5))
            } else {
                let expected = index.reference.rows[rowid] == nil ? mvErrNotFound : mvOK
                #expect(index.remove(rowid) == expected)
            }
        }
        #expect(index.count == index.reference.rows.count)
        for rowid in Int64(-40)..<88 {
            #expect(index.contains(rowid) == (index.reference.rows[rowid] != nil), "rowid \(rowid)")
        }
        try index.expectAllKernelsMatch([rng.vector(5), rng.vector(5)], k: 128, "after random ops")
    }

    @Test("clear empties the index and keeps it usable")
    func clear() throws {
        var rng = SeededGenerator(seed: 24)
        let index = try TestIndex(dim: 6)
        try index.fillRandom(100, using: &rng)
        mv_index_clear(index.pointer)
        index.reference = ReferenceIndex(dim: 6)
        #expect(index.count == 0)
        #expect(!index.contains(-100))
        try index.upsert(-100, rng.vector(6))
        try index.expectAllKernelsMatch([rng.vector(6)], k: 3, "after clear")
    }
}
