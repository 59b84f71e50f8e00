import Foundation
import MemLayerPostgres

/// `import ROWS DIMENSION copy|insert`: one table row.
func importBenchmark(_ connection: PostgresConnection, rows rowCount: Int, dimension: Int, method: String) async throws
{
    var generator = SeededGenerator(state: 18)
    let rows = BenchmarkRows(count: rowCount, dimension: dimension, users: 10, space: nil, generator: &generator)
    let clock = ContinuousClock()
    let elapsed: Duration
    if method == "copy" {
        elapsed = try await clock.measure { try await rows.copy(into: connection) }
    } else {
        let memoryColumns = BenchmarkRows.memoryColumns.joined(separator: ", ")
        let vectorColumns = BenchmarkRows.vectorColumns.joined(separator: ", ")
        let insertMemory = "INSERT INTO memories (\(memoryColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        let insertVector = "INSERT INTO memory_vectors (\(vectorColumns)) VALUES ($1, $2, $3, $4)"
        elapsed = try await clock.measure {
            try await connection.transaction { [rows] connection in
                for (memory, vector) in zip(rows.memories, rows.vectors) {
                    try connection.update(insertMemory, memory)
                    try connection.update(insertVector, vector)
                }
            }
        }
    }
    let written = try await connection.query("SELECT count(*) FROM memory_vectors")[0].int64(0)
    guard written == rowCount else { fail("wrote \(written) vectors, expected \(rowCount)") }
    print(
        "| \(method) | \(rowCount) | \(dimension) | \(String(format: "%.2f", elapsed.seconds)) | "
            + "\(Int((Double(rowCount) / elapsed.seconds).rounded())) |")
}
