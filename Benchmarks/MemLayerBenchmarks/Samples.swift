#if canImport(Glibc)
    import Glibc
#endif

/// Timings of one measured thing, in milliseconds.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ milliseconds: Double) { values.append(milliseconds) }

    var isEmpty: Bool { values.isEmpty }
    var best: Double { values.min() ?? .nan }
    var p50: Double { percentile(0.5) }
    var p90: Double { percentile(0.9) }

    /// Nearest-rank percentile (the median of an odd count is its middle value).
    func percentile(_ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
    }
}

/// Wall and thread CPU time of one call, in milliseconds.
struct Timing {
    var wall: Double
    var cpu: Double
}

/// Wall and thread CPU time of `body`.
func timing(_ body: () -> Void) -> Timing {
    let cpuStart = threadCPUMilliseconds()
    let wall = milliseconds(body)
    return Timing(wall: wall, cpu: threadCPUMilliseconds() - cpuStart)
}

/// Wall time of `body` in milliseconds.
func milliseconds(_ body: () -> Void) -> Double {
    let elapsed = ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
}

/// CPU time this thread has used, in milliseconds: unlike wall time, it leaves out the time
/// spent waiting for a core that another process was using.
func threadCPUMilliseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e3 + Double(now.tv_nsec) / 1e6
}
