import Foundation

/// Repeated timings and their percentiles.
struct Samples {
    private(set) var milliseconds: [Double] = []

    mutating func add(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        milliseconds.append(Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))]
    }

    var p50: Double { percentile(50) }
    var p90: Double { percentile(90) }
}

/// Times `body` `runs` times (after `warmup` untimed runs).
func measure(runs: Int, warmup: Int = 3, _ body: () async throws -> Void) async rethrows -> Samples {
    for _ in 0..<warmup { try await body() }
    var samples = Samples()
    let clock = ContinuousClock()
    for _ in 0..<runs {
        let start = clock.now
        try await body()
        samples.add(clock.now - start)
    }
    return samples
}

func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
