import Foundation
import MemLayerPostgres

/// SplitMix64, so every run writes the same rows and asks the same queries.
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

/// Memories with one unit vector each, spread round-robin over `users` users.
struct BenchmarkRows {
    static let memoryColumns = ["id", "external_id", "user_id", "text", "created_at", "updated_at", "content_hash"]
    static let vectorColumns = ["memory_id", "user_id", "embedder", "embedding"]

    var memories: [[PostgresValue]] = []
    var vectors: [[PostgresValue]] = []

    /// How the vectors are spread.
    enum Shape: String {
        /// Independent uniform directions: no structure at all, the worst case for an
        /// approximate index (every distance is about the same).
        case uniform
        /// Topics and subtopics, as sentence embeddings cluster: 64 topic directions, 16
        /// subtopics around each, points around those (see ``ClusteredSpace``).
        case clustered
    }

    /// `count` rows whose vectors are drawn from `space`, or uniform when it is nil.
    init(count: Int, dimension: Int, users: Int, space: ClusteredSpace?, generator: inout SeededGenerator) {
        let now = Date()
        memories.reserveCapacity(count)
        vectors.reserveCapacity(count)
        for index in 1...count {
            let user = "user\(index % users)"
            memories.append([
                .int64(Int64(index)), .text("m\(index)"), .text(user), .text("memory number \(index) about things"),
                .timestamp(now), .timestamp(now), .text("hash\(index)"),
            ])
            vectors.append([
                .int64(Int64(index)), .text(user), .text("bench/\(dimension)"),
                .vector(space?.point(&generator) ?? Self.unitVector(dimension, &generator)),
            ])
        }
    }

    static func unitVector(_ dimension: Int, _ generator: inout SeededGenerator) -> [Float] {
        let raw = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// A query for data of `shape`: drawn the same way as the rows.
    static func query(_ dimension: Int, space: ClusteredSpace?, _ generator: inout SeededGenerator) -> [Float] {
        space?.point(&generator) ?? unitVector(dimension, &generator)
    }

    /// Writes the rows by binary COPY in one transaction.
    func copy(into connection: PostgresConnection) async throws {
        try await connection.transaction { [memories, vectors] connection in
            try connection.copy(into: "memories", columns: Self.memoryColumns, rows: memories)
            try connection.copy(into: "memory_vectors", columns: Self.vectorColumns, rows: vectors)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Unit vectors drawn around subtopic centres, which lie around topic centres: nearest neighbours
/// share a subtopic, as similar sentences do. Offsets are scaled to the given length whatever
/// the dimension (a uniform offset in 384 dimensions is ~11 long).
struct ClusteredSpace {
    let dimension: Int
    private var subtopics: [[Float]] = []

    init(dimension: Int, generator: inout SeededGenerator) {
        self.dimension = dimension
        for _ in 0..<64 {
            let topic = BenchmarkRows.unitVector(dimension, &generator)
            for _ in 0..<16 {
                subtopics.append(Self.around(topic, distance: 0.6, &generator))
            }
        }
    }

    func point(_ generator: inout SeededGenerator) -> [Float] {
        let centre = subtopics[Int.random(in: 0..<subtopics.count, using: &generator)]
        return Self.around(centre, distance: 0.5, &generator)
    }

    /// `centre` plus a random offset of length `distance`, normalised.
    private static func around(_ centre: [Float], distance: Float, _ generator: inout SeededGenerator) -> [Float] {
        let offset = BenchmarkRows.unitVector(centre.count, &generator)
        let moved = zip(centre, offset).map { $0 + distance * $1 }
        let norm = moved.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return moved.map { $0 / norm }
    }
}
