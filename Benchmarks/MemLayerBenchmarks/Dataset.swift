#if canImport(Glibc)
    import Glibc
#endif

/// The vectors every engine in one run searches: `count` x `dim` float32 rows plus queries,
/// drawn from a fixed seed so runs are comparable. Row i has rowid i + 1 everywhere.
final class Dataset {
    let dim: Int
    let count: Int
    let vectors: UnsafeMutableBufferPointer<Float>
    let queries: UnsafeMutableBufferPointer<Float>
    let queryCount = 64

    init(dim: Int, count: Int, seed: UInt64) {
        self.dim = dim
        self.count = count
        vectors = .allocate(capacity: dim * count)
        queries = .allocate(capacity: dim * queryCount)
        var state = seed
        Self.fill(vectors, state: &state)
        Self.fill(queries, state: &state)
    }

    deinit {
        vectors.deallocate()
        queries.deallocate()
    }

    func row(_ i: Int) -> UnsafePointer<Float> { UnsafePointer(vectors.baseAddress! + i * dim) }
    func query(_ i: Int) -> UnsafePointer<Float> { UnsafePointer(queries.baseAddress! + (i % queryCount) * dim) }

    /// `n` consecutive queries starting at `first` (wrapping), flattened for the batch API.
    func queryBatch(first: Int, n: Int) -> [Float] {
        (0..<n).flatMap { UnsafeBufferPointer(start: query(first + $0), count: dim) }
    }

    /// Uniform in [-1, 1) from SplitMix64: fast enough for a billion floats.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<Float>, state: inout UInt64) {
        for i in buffer.indices {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            buffer[i] = Float(Int32(truncatingIfNeeded: z >> 32)) * (1.0 / 2_147_483_648.0)
        }
    }

    /// Raw little-endian float32 (this benchmark runs on little-endian x86_64 and arm64).
    func writeVectors(to path: String) throws { try Self.write(UnsafeBufferPointer(vectors), to: path) }
    func writeQueries(to path: String) throws { try Self.write(UnsafeBufferPointer(queries), to: path) }

    private static func write(_ buffer: UnsafeBufferPointer<Float>, to path: String) throws {
        guard let file = fopen(path, "wb") else { throw BenchError("cannot create \(path)") }
        defer { fclose(file) }
        let written = fwrite(buffer.baseAddress, MemoryLayout<Float>.size, buffer.count, file)
        guard written == buffer.count else { throw BenchError("short write to \(path)") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
