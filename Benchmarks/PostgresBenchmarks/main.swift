import Foundation
import MemLayerPostgres

// PostgreSQL store benchmarks (Benchmarks/run-postgres-import.sh runs them on a throwaway server).
//
//   memlayer-bench-postgres import ROWS DIMENSION copy|insert
//       writes ROWS memories with a DIMENSION-d unit vector each into a fresh, migrated database
//       (MEMLAYER_TEST_POSTGRES_URL), by binary COPY or by two INSERTs a row in one transaction,
//       and prints "| method | rows | dimension | seconds | rows/s |". Generating the rows is not
//       timed; the write and its commit are.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-postgres: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 5, arguments[1] == "import", let rowCount = Int(arguments[2]),
    let dimension = Int(arguments[3]), ["copy", "insert"].contains(arguments[4])
else { fail("usage: memlayer-bench-postgres import ROWS DIMENSION copy|insert") }
let method = arguments[4]
guard let urlText = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] else {
    fail("MEMLAYER_TEST_POSTGRES_URL is not set")
}

/// SplitMix64, so every run writes the same rows.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

do {
    let connection = try await PostgresConnection.connect(to: try PostgresURL(urlText))
    try await PostgresSchema.migrate(connection)
    try await PostgresVectorTable.prepare(connection, dimension: dimension)
    var generator = SeededGenerator(state: 18)
    let now = Date()
    var memories: [[PostgresValue]] = []
    var vectors: [[PostgresValue]] = []
    for index in 1...rowCount {
        let raw = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let user = "user\(index % 10)"
        memories.append([
            .int64(Int64(index)), .text("m\(index)"), .text(user), .text("memory number \(index) about things"),
            .timestamp(now), .timestamp(now), .text("hash\(index)"),
        ])
        vectors.append([.int64(Int64(index)), .text(user), .text("bench/\(dimension)"), .vector(raw.map { $0 / norm })])
    }
    let memoryColumns = ["id", "external_id", "user_id", "text", "created_at", "updated_at", "content_hash"]
    let vectorColumns = ["memory_id", "user_id", "embedder", "embedding"]
    let clock = ContinuousClock()
    let elapsed: Duration
    if method == "copy" {
        elapsed = try await clock.measure {
            try await connection.transaction { [memories, vectors] connection in
                try connection.copy(into: "memories", columns: memoryColumns, rows: memories)
                try connection.copy(into: "memory_vectors", columns: vectorColumns, rows: vectors)
            }
        }
    } else {
        let insertMemory =
            "INSERT INTO memories (\(memoryColumns.joined(separator: ", "))) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        let insertVector =
            "INSERT INTO memory_vectors (\(vectorColumns.joined(separator: ", "))) VALUES ($1, $2, $3, $4)"
        elapsed = try await clock.measure {
            try await connection.transaction { [memories, vectors] connection in
                for (memory, vector) in zip(memories, vectors) {
                    try connection.update(insertMemory, memory)
                    try connection.update(insertVector, vector)
                }
            }
        }
    }
    let written = try await connection.query("SELECT count(*) FROM memory_vectors")[0].int64(0)
    guard written == rowCount else { fail("wrote \(written) vectors, expected \(rowCount)") }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "| \(method) | \(rowCount) | \(dimension) | \(String(format: "%.2f", seconds)) | "
            + "\(Int((Double(rowCount) / seconds).rounded())) |")
    await connection.close()
} catch {
    fail("\(error)")
}
