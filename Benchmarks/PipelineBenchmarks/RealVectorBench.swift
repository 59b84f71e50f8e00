import CMemVec
import CSQLite
import Foundation

/// The int8 screen on real sentence embeddings. `Benchmarks/run.sh` measures it on uniform
/// random vectors, whose scores spread out evenly; the bench store's notes are built from a few
/// templates, so their MiniLM vectors crowd many rows close to the top — the screen's hard case,
/// where its bounds rule out the fewest rows. The store's vectors go into a bare index; each
/// query runs through the float32 scan and the screen, with the pools the search tiers ask for.
struct RealVectorBench {
    let databasePath: String
    let queries: [[Float]]
    let runs = 30

    func run() throws -> [String] {
        var database: OpaquePointer?
        guard sqlite3_open_v2(databasePath, &database, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let database else {
            throw BenchFailure("cannot open \(databasePath)")
        }
        defer { sqlite3_close(database) }
        var statement: OpaquePointer?
        let sql = "SELECT id, embedding FROM memories WHERE embedding IS NOT NULL"
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BenchFailure("cannot prepare \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        let dim = queries.first?.count ?? 0
        var created: OpaquePointer?
        guard mv_index_create(Int32(dim), &created) == MV_OK, let index = created else {
            throw BenchFailure("mv_index_create")
        }
        defer { mv_index_free(index) }
        var loaded: Int64 = 0
        var skipped: Int64 = 0
        guard mv_index_load(index, statement, &loaded, &skipped) == MV_OK else { throw BenchFailure("mv_index_load") }

        var lines = [
            "| top-k over \(loaded) MiniLM memories (\(queries.count) queries, caches warm) | float32 scan p50 ms "
                + "| INT8 p50 ms | rows re-scored (mean, max) | same results |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        // k = 10, and the pools the tiers ask the index for (fast and balanced 28, deep 48).
        for k in [10, 28, 48] {
            var scan = Samples()
            var screened = Samples()
            var rescored: [Int64] = []
            var same = true
            for query in queries {
                var expected = (rowids: [Int64](repeating: 0, count: k), scores: [Float](repeating: 0, count: k))
                var got = expected
                var count: Int32 = 0
                for _ in 0..<runs {
                    scan.add(
                        ContinuousClock().measure {
                            _ = mv_index_search(
                                index, query, Int32(k), MV_KERNEL_SIMD_WIDE, &expected.rowids, &expected.scores, &count)
                        })
                    var scored: Int64 = 0
                    screened.add(
                        ContinuousClock().measure {
                            _ = mv_index_search_int8(
                                index, query, Int32(k), MV_SCREEN_BEST, &got.rowids, &got.scores, &count, &scored)
                        })
                    rescored.append(scored)
                }
                // The screen re-scores with the AVX2 dot; compare rowids with the SIMD kernel's.
                var exact = (rowids: [Int64](repeating: 0, count: k), scores: [Float](repeating: 0, count: k))
                _ = mv_index_search(index, query, Int32(k), MV_KERNEL_SIMD, &exact.rowids, &exact.scores, &count)
                same = same && exact.rowids == got.rowids && exact.scores == got.scores
            }
            let mean = Double(rescored.reduce(0, +)) / Double(max(rescored.count, 1))
            lines.append(
                "| k = \(k) | \(format(scan.p50, 3)) | \(format(screened.p50, 3)) | "
                    + "\(format(mean, 0)), \(rescored.max() ?? 0) | \(same ? "yes" : "NO") |")
        }
        return lines
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
