import CMemVec
import Testing

/// One search result, from the kernel or from the reference.
struct Hit: Equatable, CustomStringConvertible {
    var rowid: Int64
    var score: Double

    var description: String { "\(rowid):\(score)" }
}

/// The independent reference: every cosine computed in Double from the raw (unnormalised)
/// vectors, then a full sort by score descending, rowid ascending.
struct ReferenceIndex {
    let dim: Int
    private(set) var rows: [Int64: [Float]] = [:]

    init(dim: Int) { self.dim = dim }

    mutating func upsert(_ rowid: Int64, _ vector: [Float]) { rows[rowid] = vector }
    mutating func remove(_ rowid: Int64) { rows[rowid] = nil }

    /// All rows ranked for `query`.
    func ranked(_ query: [Float]) -> [Hit] {
        rows.map { Hit(rowid: $0.key, score: Self.cosine($0.value, query)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.rowid < $1.rowid }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for i in a.indices {
            let x = Double(a[i])
            let y = Double(b[i])
            dot += x * y
            na += x * x
            nb += y * y
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}

/// Scores from different summation orders differ by ~1e-6; anything within this is a tie.
let scoreTolerance = 1e-5

/// Every row's reference score by rowid, for expectMatches (built once per query: it is the
/// slow part of checking a 50k-row index in a debug build).
func scoresByRowid(_ ranked: [Hit]) -> [Int64: Double] {
    Dictionary(uniqueKeysWithValues: ranked.map { ($0.rowid, $0.score) })
}

/// Checks a kernel's top-k against the reference ranking of all rows.
///
/// - Same length (min(k, n)).
/// - Each position's score within tolerance of the reference score at that position.
/// - Each returned rowid's own reference score is within tolerance of the reference score at
///   that position, so rowids must match exactly wherever scores are not near-ties.
/// - No rowid twice, and the list is exactly ordered: score descending, rowid ascending on ties.
func expectMatches(
    _ hits: [Hit], reference ranked: [Hit], truth: [Int64: Double]? = nil, k: Int, _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let expected = Array(ranked.prefix(k))
    #expect(hits.count == expected.count, "\(context): count", sourceLocation: sourceLocation)
    guard hits.count == expected.count else { return }
    let truth = truth ?? scoresByRowid(ranked)
    #expect(Set(hits.map(\.rowid)).count == hits.count, "\(context): duplicate rowid", sourceLocation: sourceLocation)
    for (i, (got, want)) in zip(hits, expected).enumerated() {
        #expect(
            abs(got.score - want.score) <= scoreTolerance,
            "\(context): score at \(i): got \(got), want \(want)", sourceLocation: sourceLocation)
        let own = truth[got.rowid] ?? .nan
        #expect(
            abs(own - want.score) <= scoreTolerance,
            "\(context): rowid at \(i): got \(got) (true score \(own)), want \(want)",
            sourceLocation: sourceLocation)
        if i > 0 {
            let previous = hits[i - 1]
            let ordered =
                previous.score > got.score || (previous.score == got.score && previous.rowid < got.rowid)
            #expect(ordered, "\(context): order at \(i): \(previous) then \(got)", sourceLocation: sourceLocation)
        }
    }
}

/// SplitMix64: a tiny seeded generator so every failure reproduces.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func vector(_ dim: Int) -> [Float] {
        while true {
            let v = (0..<dim).map { _ in Float.random(in: -1...1, using: &self) }
            if v.contains(where: { $0 != 0 }) { return v }
        }
    }
}

/// Every kernel, with a name for messages.
let allKernels: [(name: String, kernel: mv_kernel)] = [
    ("scalar", MV_KERNEL_SCALAR), ("simd", MV_KERNEL_SIMD), ("blas", MV_KERNEL_BLAS), ("int8", MV_KERNEL_INT8),
    ("simd-wide", MV_KERNEL_SIMD_WIDE), ("auto", MV_KERNEL_AUTO),
]

/// Every int8 screen this CPU can run, with a name for messages.
let availableScreens: [(name: String, screen: mv_screen)] =
    [("scalar screen", MV_SCREEN_SCALAR)]
    + (mv_cpu_has_avx2() == 1 ? [("avx2 screen", MV_SCREEN_AVX2)] : [])
    + (mv_cpu_has_avx512_vnni() == 1 ? [("vnni screen", MV_SCREEN_VNNI)] : [])
