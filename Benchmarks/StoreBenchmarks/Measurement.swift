import Foundation
import MemLayer

/// Answers with vectors embedded before the clock starts, so a search round times the store and
/// the ranking, not MiniLM (which costs the same on every store). Same id as MiniLM, so the
/// stores record the real embedder.
struct PrecomputedEmbedder: Embedder {
    let id: String
    let dimension: Int
    let vectors: [String: [Float]]

    func embed(_ texts: [String]) async throws -> [[Float]] {
        try texts.map { text in
            guard let vector = vectors[text] else {
                throw BenchFailure("no precomputed vector for \"\(text)\" (a question naming an event embeds it)")
            }
            return vector
        }
    }
}

/// Repeated timings and their percentiles.
struct Samples {
    private(set) var milliseconds: [Double] = []

    mutating func add(_ duration: Duration) { milliseconds.append(duration.seconds * 1000) }

    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))]
    }

    var p50: Double { percentile(50) }
    var p90: Double { percentile(90) }
}

/// CPU time of this process and, for PostgreSQL, of the server (the postmaster and every child,
/// including parallel workers that have exited, which the postmaster has reaped).
struct CPUMeter {
    /// The postmaster's PID, or nil for an embedded store.
    let server: Int32?

    func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        var total = Duration.seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        if let server { total += Self.serverTime(server) }
        return total
    }

    private static func serverTime(_ postmaster: Int32) -> Duration {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var sum = 0.0
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in processes {
            guard let pid = Int32(name), let fields = statFields(pid) else { continue }
            // Fields after the command: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
            if pid == postmaster {
                sum += fields[11...14].compactMap(Double.init).reduce(0, +)
            } else if Int32(fields[1]) == postmaster {
                sum += fields[11...12].compactMap(Double.init).reduce(0, +)
            }
        }
        return .milliseconds(Int64(sum / ticks * 1000))
    }

    /// /proc/PID/stat after the command name (which may hold spaces), split on spaces.
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 15 ? fields : nil
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

func progress(_ message: String) {
    FileHandle.standardError.write(Data("bench-stores: \(message)\n".utf8))
}
