import Foundation
import MemLayerPostgres

/// `search ROWS DIMENSION USERS QUERIES SHAPE`: top-10 for one user among `users`, exact, then through
/// an HNSW index (forced, and as the planner chooses), with recall@10 against exact. Prints
/// table rows.
func searchBenchmark(
    _ connection: PostgresConnection, rows rowCount: Int, dimension: Int, users: Int, queries: Int,
    shape: BenchmarkRows.Shape
) async throws {
    var generator = SeededGenerator(state: 18)
    var spaceGenerator = SeededGenerator(state: 1818)
    let space = shape == .clustered ? ClusteredSpace(dimension: dimension, generator: &spaceGenerator) : nil
    try await BenchmarkRows(count: rowCount, dimension: dimension, users: users, space: space, generator: &generator)
        .copy(into: connection)
    try await connection.execute("VACUUM ANALYZE")
    let user = "user3"
    let userRows = try await connection.query(
        "SELECT count(*) FROM memory_vectors WHERE user_id = $1", [.text(user)])[0].int64(0)
    let probes = (0..<queries).map { _ in BenchmarkRows.query(dimension, space: space, &generator) }

    func run(_ method: PostgresVectorSearch.Method) async throws -> (times: [Double], hits: [[Int64]]) {
        var times: [Double] = []
        var hits: [[Int64]] = []
        let clock = ContinuousClock()
        for probe in probes {
            var found: [PostgresVectorSearch.Hit] = []
            let elapsed = try await clock.measure {
                found = try await PostgresVectorSearch.search(
                    connection, userID: user, query: probe, limit: 10, method: method)
            }
            times.append(elapsed.seconds * 1000)
            hits.append(found.map(\.memoryID))
        }
        return (times, hits)
    }
    func row(_ name: String, _ result: (times: [Double], hits: [[Int64]]), exact: [[Int64]]) {
        let sorted = result.times.sorted()
        let p50 = sorted[sorted.count / 2]
        let p90 = sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
        let found = zip(result.hits, exact).map { Set($0).intersection($1).count }.reduce(0, +)
        let recall = Double(found) / Double(exact.map(\.count).reduce(0, +))
        print(
            "| \(name) | \(shape.rawValue) | \(rowCount) | \(userRows) | \(String(format: "%.2f", p50)) | \(String(format: "%.2f", p90)) | "
                + "\(String(format: "%.3f", recall)) |")
    }

    _ = try await run(.exact)  // warms the cache: every method then reads the same pages hot
    let exact = try await run(.exact)
    row("exact", exact, exact: exact.hits)
    let build = try await ContinuousClock().measure { try await PostgresVectorTable.createHNSWIndex(connection) }
    try await connection.execute("ANALYZE memory_vectors")
    FileHandle.standardError.write(Data("bench-postgres: HNSW index built in \(Int(build.seconds)) s\n".utf8))
    for efSearch in [40, 100] {
        row("HNSW ef_search \(efSearch)", try await run(.hnsw(efSearch: efSearch)), exact: exact.hits)
    }
    row("planner's choice, ef_search 40", try await run(.automatic(efSearch: 40)), exact: exact.hits)
}
