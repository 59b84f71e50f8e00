import Foundation
import MemLayer

/// The memories of one size, the same for every store: the measured user holds `size` facts and
/// nine other users share a quarter as many more, interleaved (every fifth sentence is another
/// user's), so a search must filter by user. Row `i` is ``SentenceCorpus`` sentence `i`, with
/// the external id `m<i>`, a creation time spread over two years and an importance of 0.3–0.8.
struct StoreDataset {
    static let measuredUser = "me"
    static let otherUsers = 9

    /// How a row's vector is made.
    enum Vectors {
        /// The MiniLM vector of the row's own sentence.
        case real
        /// The MiniLM vector of sentence `i mod base` with Gaussian noise of length 0.35 added (then
        /// normalised): clustered like sentence embeddings, without embedding every sentence.
        case noisyCopies(base: Int)

        var label: String {
            switch self {
            case .real: "MiniLM"
            case .noisyCopies(let base): "synthetic (MiniLM of \(base) sentences + noise)"
            }
        }
    }

    let size: Int
    let vectors: Vectors
    let cache: SentenceVectors

    /// Rows of every user together.
    var total: Int { size + size / 4 }
    var othersCount: Int { total - size }

    static func owner(of index: Int) -> String {
        index % 5 == 4 ? "other\(index / 5 % otherUsers + 1)" : measuredUser
    }

    /// The rows in `range`, with their vectors, grouped by owner in row order.
    func rows(_ range: Range<Int>, base: [Float]?) throws -> [(user: String, memories: [NewMemory])] {
        let dimension = SentenceVectors.dimension
        let flat = try base == nil ? cache.read(range) : []
        var groups: [String: [NewMemory]] = [:]
        var order: [String] = []
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        for index in range {
            let vector: [Float]
            if let base, case .noisyCopies(let count) = vectors {
                let row = index % count
                vector = Self.noisy(Array(base[row * dimension..<(row + 1) * dimension]), seed: UInt64(index))
            } else {
                let row = index - range.lowerBound
                vector = Array(flat[row * dimension..<(row + 1) * dimension])
            }
            var random = SplitMix(seed: UInt64(index) &+ 7)
            let memory = NewMemory(
                text: SentenceCorpus.sentence(index), id: "m\(index)", importance: 0.3 + 0.5 * random.unit(),
                createdAt: start + Double(index % 100_000) * 630, embedding: vector)
            let user = Self.owner(of: index)
            if groups[user] == nil { order.append(user) }
            groups[user, default: []].append(memory)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// `vector` plus a Gaussian offset of length about 0.35, normalised.
    static func noisy(_ vector: [Float], seed: UInt64) -> [Float] {
        var random = SplitMix(seed: seed &* 0x2545_F491_4F6C_DD1D)
        let sigma = 0.35 / Double(vector.count).squareRoot()
        let moved = vector.map { value -> Float in
            let u = max(random.unit(), 1e-12)
            let v = random.unit()
            return value + Float(sigma * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let norm = moved.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return moved.map { $0 / norm }
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
