import CMemVec
import Testing

/// MV_KERNEL_INT8: every screen must give exactly MV_KERNEL_SIMD's results (rowids, scores bit
/// for bit, tie order), whatever the data, because the screen only rules rows out with a
/// proven bound. These tests try to break that bound.
@Suite("int8 screen with exact re-scoring")
struct Int8ScreenTests {
    /// Every screen's top-k, and MV_KERNEL_INT8 / AUTO, against MV_KERNEL_SIMD bit for bit.
    func expectExact(
        _ index: TestIndex, _ queries: [[Float]], k: Int, _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (q, query) in queries.enumerated() {
            let exact = try index.search(query, k: k, kernel: MV_KERNEL_SIMD)
            for (name, screen) in availableScreens {
                let (hits, rescored) = try index.searchInt8(query, k: k, screen: screen)
                #expect(hits == exact, "\(context) q\(q) \(name)", sourceLocation: sourceLocation)
                #expect(rescored >= exact.count, "\(context) q\(q) \(name): rescored \(rescored)")
            }
            #expect(try index.search(query, k: k, kernel: MV_KERNEL_INT8) == exact, "\(context) q\(q) INT8")
            let batch = try index.searchBatch([query, query], k: k, kernel: MV_KERNEL_INT8)
            #expect(batch == [exact, exact], "\(context) q\(q) INT8 batch", sourceLocation: sourceLocation)
        }
    }

    @Test("random rows: every screen equals the SIMD scan", arguments: [1, 3, 4, 5, 17, 64, 383, 384, 385, 768])
    func randomRows(dim: Int) throws {
        var rng = SeededGenerator(seed: 500 &+ UInt64(dim))
        let index = try TestIndex(dim: dim)
        // Not a multiple of 16: the last block of codes is partial.
        try index.fillRandom(dim >= 383 ? 1_203 : 3_001, using: &rng)
        let queries = (0..<4).map { _ in rng.vector(dim) }
        for k in [1, 10, 57] { try expectExact(index, queries, k: k, "dim \(dim) k \(k)") }
        try expectExact(index, [queries[0]], k: index.count, "dim \(dim) k = n")
        try expectExact(index, [queries[0]], k: index.count + 5, "dim \(dim) k > n")
    }

    @Test("near-duplicates closer than the codes can tell apart still rank exactly")
    func nearDuplicates() throws {
        var rng = SeededGenerator(seed: 501)
        let dim = 384
        let index = try TestIndex(dim: dim)
        let base = rng.vector(dim)
        // 600 rows within ~1e-4 of one another: far inside the int8 error bound (~1e-2).
        for i in 0..<600 {
            let row = base.map { $0 + Float.random(in: -1e-4...1e-4, using: &rng) }
            try index.upsert(Int64(i * 3 + 1), row)
        }
        for i in 0..<2_000 { try index.upsert(100_000 + Int64(i), rng.vector(dim)) }
        // Exact copies too: their tie must go to the lower rowid, as in every kernel.
        try index.upsert(-7, base)
        try index.upsert(-3, base)
        try expectExact(index, [base, base.map { -$0 }, rng.vector(dim)], k: 10, "near-duplicates")
        // The noisy copies tie with the exact ones in float32 too; the copies stay adjacent, in
        // rowid order, with one score.
        let top = try index.search(base, k: 700, kernel: MV_KERNEL_INT8).map(\.rowid)
        let first = try #require(top.firstIndex(of: -7))
        #expect(top[first + 1] == -3)
    }

    @Test("rows and queries with one dominant dimension (coarse codes) and constant rows")
    func skewedRows() throws {
        var rng = SeededGenerator(seed: 502)
        let dim = 96
        let index = try TestIndex(dim: dim)
        for i in 0..<1_500 {
            var row = rng.vector(dim).map { $0 * 0.01 }
            row[i % dim] = Float(i % 2 == 0 ? 40 : -40)  // everything else rounds to code 0
            try index.upsert(Int64(i), row)
        }
        for i in 0..<100 { try index.upsert(5_000 + Int64(i), [Float](repeating: Float(i % 3) - 1.5, count: dim)) }
        var spike = [Float](repeating: 0, count: dim)
        spike[5] = 1
        let queries = [spike, [Float](repeating: 1, count: dim), rng.vector(dim)]
        for k in [1, 10, 200] { try expectExact(index, queries, k: k, "skewed k \(k)") }
    }

    @Test("codes follow upserts, replacements and removals")
    func mutations() throws {
        var rng = SeededGenerator(seed: 503)
        let dim = 45
        let index = try TestIndex(dim: dim)
        try index.fillRandom(2_100, using: &rng)
        let rowids = Array(index.reference.rows.keys).sorted()
        // Remove from the front, middle and end (the last row moves into each hole) ...
        for rowid in rowids.prefix(40) + rowids.suffix(40) + rowids[1000..<1040] {
            #expect(index.remove(rowid) == mvOK)
        }
        // ... replace some in place, and add new ones.
        for rowid in rowids[500..<560] { try index.upsert(rowid, rng.vector(dim)) }
        for i in 0..<33 { try index.upsert(900_000 + Int64(i), rng.vector(dim)) }
        let queries = (0..<3).map { _ in rng.vector(dim) }
        try expectExact(index, queries, k: 25, "after mutations")
        for rowid in index.reference.rows.keys.sorted().prefix(200) {
            try expectCodes(index, rowid, "after mutations")
        }
        // Emptied, then refilled: no stale codes from the old rows.
        for rowid in index.reference.rows.keys.sorted() { #expect(index.remove(rowid) == mvOK) }
        #expect(try index.searchInt8(queries[0], k: 5, screen: MV_SCREEN_BEST).hits.isEmpty)
        try index.fillRandom(70, using: &rng)
        try expectExact(index, queries, k: 9, "refilled")
    }

    /// A row's codes against the specification, computed here in Double from the unit row.
    func expectCodes(
        _ index: TestIndex, _ rowid: Int64, _ context: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let raw = try #require(index.reference.rows[rowid])
        let norm = raw.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let unit = raw.map { Double($0) / norm }
        let (codes, step, residual) = try index.rowCodes(rowid)
        let largest = unit.map(abs).max() ?? 0
        #expect(abs(Double(step) - largest / 127) <= 1e-6 * largest, "\(context) \(rowid) step")
        var squares = 0.0
        for (i, x) in unit.enumerated() {
            let code = Double(codes[i])
            #expect(abs(code) <= 127, "\(context) \(rowid) code range")
            // Nearest code (ties may go either way after float rounding of x * 127 / max).
            #expect(abs(x / Double(step) - code) <= 0.5 + 1e-3, "\(context) \(rowid) code \(i)")
            squares += (x - Double(step) * code) * (x - Double(step) * code)
        }
        let actual = squares.squareRoot()
        #expect(Double(residual) >= actual * (1 - 1e-5), "\(context) \(rowid): residual bound below the truth")
        #expect(Double(residual) <= actual * 1.01 + 1e-7, "\(context) \(rowid): residual bound far too loose")
    }

    @Test("codes of every row match the specification", arguments: [1, 4, 7, 384])
    func codesMatchSpecification(dim: Int) throws {
        var rng = SeededGenerator(seed: 504 &+ UInt64(dim))
        let index = try TestIndex(dim: dim)
        try index.fillRandom(37, using: &rng)
        for rowid in index.reference.rows.keys { try expectCodes(index, rowid, "dim \(dim)") }
        #expect(throws: KernelError.self) { try index.rowCodes(123_456_789) }
    }

    @Test("the portable and AVX2 quantisers give identical codes", arguments: [1, 3, 4, 9, 64, 383, 384, 768])
    func quantisersAgree(dim: Int) throws {
        var rng = SeededGenerator(seed: 508 &+ UInt64(dim))
        var vectors = (0..<200).map { _ in rng.vector(dim) }
        // Values on rounding ties (x * 127 / max = n + 0.5), huge and subnormal entries.
        vectors.append((0..<dim).map { Float($0 % 255) - 127 })
        vectors.append((0..<dim).map { $0 == 0 ? 1e30 : Float.leastNonzeroMagnitude * Float($0) })
        vectors.append((0..<dim).map { $0 % 2 == 0 ? 0.5 : -1.5 })
        for (v, vector) in vectors.enumerated() {
            var portable = [Int8](repeating: 0, count: dim)
            var fast = [Int8](repeating: 0, count: dim)
            var steps: (Float, Float) = (0, 0)
            var residuals: (Float, Float) = (0, 0)
            #expect(mv_quantize(vector, Int32(dim), 1, &portable, &steps.0, &residuals.0) == mvOK)
            #expect(mv_quantize(vector, Int32(dim), 0, &fast, &steps.1, &residuals.1) == mvOK)
            #expect(portable == fast, "dim \(dim) vector \(v)")
            #expect(steps.0 == steps.1, "dim \(dim) vector \(v)")
            #expect(abs(residuals.0 - residuals.1) <= 1e-5 * max(residuals.0, 1e-30) + 1e-37, "dim \(dim) vector \(v)")
        }
        var codes = [Int8](repeating: 0, count: dim)
        var step: Float = 0
        var residual: Float = 0
        #expect(mv_quantize([Float](repeating: 0, count: dim), Int32(dim), 1, &codes, &step, &residual) == mvErrArg)
        var withNaN = rng.vector(dim)
        withNaN[dim / 2] = .nan
        #expect(mv_quantize(withNaN, Int32(dim), 0, &codes, &step, &residual) == mvErrArg)
    }

    @Test("the screen re-scores few rows on spread-out data")
    func screenPrunes() throws {
        var rng = SeededGenerator(seed: 505)
        let dim = 384
        let index = try TestIndex(dim: dim)
        try index.fillRandom(20_000, using: &rng)
        for _ in 0..<3 {
            let query = rng.vector(dim)
            for (name, screen) in availableScreens {
                let rescored = try index.searchInt8(query, k: 10, screen: screen).rescored
                // 10 is the minimum; the bound is ~1e-2 wide, so a few dozen is expected.
                #expect(rescored < 400, "\(name): re-scored \(rescored) of 20000 rows")
            }
        }
        #expect(mv_index_auto_kernel_for(index.pointer, 1, 10) == MV_KERNEL_INT8)
        #expect(mv_index_auto_kernel_for(index.pointer, 1, 5_000) != MV_KERNEL_INT8)
    }

    @Test("dimensions too large for codes fall back to the exact float scan")
    func noCodesAboveTheLimit() throws {
        var rng = SeededGenerator(seed: 506)
        let dim = 16_385
        let index = try TestIndex(dim: dim)
        try index.fillRandom(40, using: &rng)
        let query = rng.vector(dim)
        let exact = try index.search(query, k: 5, kernel: MV_KERNEL_SIMD)
        let (hits, rescored) = try index.searchInt8(query, k: 5, screen: MV_SCREEN_BEST)
        #expect(hits == exact)
        #expect(rescored == 40)
        var codes = [Int8](repeating: 0, count: dim)
        var step: Float = 0
        var residual: Float = 0
        let first = try #require(index.reference.rows.keys.first)
        #expect(mv_index_row_codes(index.pointer, first, &codes, &step, &residual) == Int32(MV_ERR_DIM))
    }

    @Test("a screen the CPU cannot run, or an unknown one, is an argument error")
    func unknownScreen() throws {
        var rng = SeededGenerator(seed: 507)
        let index = try TestIndex(dim: 8)
        try index.fillRandom(10, using: &rng)
        #expect(throws: KernelError.self) { try index.searchInt8(rng.vector(8), k: 3, screen: mv_screen(rawValue: 42)) }
        if mv_cpu_has_avx512_vnni() == 0 {
            #expect(throws: KernelError.self) { try index.searchInt8(rng.vector(8), k: 3, screen: MV_SCREEN_VNNI) }
        }
    }
}
