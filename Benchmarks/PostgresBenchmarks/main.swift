import Foundation
import MemLayerPostgres

// PostgreSQL store benchmarks, each on a fresh database (MEMLAYER_TEST_POSTGRES_URL) that
// Benchmarks/run-postgres-import.sh and run-postgres-search.sh make on a throwaway server.
//
//   memlayer-bench-postgres import ROWS DIMENSION copy|insert
//       writes ROWS memories with a DIMENSION-d unit vector each, by binary COPY or by two
//       INSERTs a row in one transaction; prints "| method | rows | dimension | seconds | rows/s |".
//       Generating the rows is not timed; the write and its commit are.
//   memlayer-bench-postgres search ROWS DIMENSION USERS QUERIES clustered|uniform
//       COPYs ROWS memories spread over USERS users, then times QUERIES top-10 searches for one
//       user: exact, HNSW (ef_search 40 and 100) and the planner's choice, with recall@10
//       against exact; prints "| method | data | rows | user's rows | p50 ms | p90 ms | recall@10 |".

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-postgres: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
let usage =
    "usage: memlayer-bench-postgres import ROWS DIMENSION copy|insert | "
    + "search ROWS DIMENSION USERS QUERIES clustered|uniform"
guard let urlText = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] else {
    fail("MEMLAYER_TEST_POSTGRES_URL is not set")
}
let numbers = arguments.dropFirst(2).compactMap { Int($0) }

do {
    let connection = try await PostgresConnection.connect(to: try PostgresURL(urlText))
    try await PostgresSchema.migrate(connection)
    switch arguments.dropFirst().first {
    case "import":
        guard arguments.count == 5, numbers.count == 2, ["copy", "insert"].contains(arguments[4]) else { fail(usage) }
        try await PostgresVectorTable.prepare(connection, dimension: numbers[1])
        try await importBenchmark(connection, rows: numbers[0], dimension: numbers[1], method: arguments[4])
    case "search":
        guard arguments.count == 7, numbers.count == 4, let shape = BenchmarkRows.Shape(rawValue: arguments[6])
        else { fail(usage) }
        try await PostgresVectorTable.prepare(connection, dimension: numbers[1])
        try await searchBenchmark(
            connection, rows: numbers[0], dimension: numbers[1], users: numbers[2], queries: numbers[3], shape: shape)
    default:
        fail(usage)
    }
    await connection.close()
} catch {
    fail("\(error)")
}
