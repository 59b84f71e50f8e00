import Foundation

/// `memlayer-bench-edge`: the in-process parts of the edge benchmark (Benchmarks/run-edge.sh
/// runs them under different settings and prints the table). Each subcommand prints one JSON
/// object of milliseconds on standard output.
///
///     memlayer-bench-edge embed-batch --model DIR --ids FILE [--runs N]
///     memlayer-bench-edge make-store --path FILE --rows N [--dim 384] [--user bench]
///     memlayer-bench-edge open-search --path FILE [--user bench]
@main
struct EdgeBench {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func value(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        func required(_ name: String) throws -> String {
            guard let found = value(name) else { throw BenchFailure("missing \(name)") }
            return found
        }
        let user = value("--user") ?? "bench"
        let result: [String: Double]
        switch arguments.first {
        case "embed-batch":
            result = try EmbedBatch(
                model: URL(fileURLWithPath: try required("--model")), ids: URL(fileURLWithPath: try required("--ids")),
                runs: Int(value("--runs") ?? "") ?? 5
            ).run()
        case "make-store":
            result = try await StoreBuilder(
                path: try required("--path"), rows: Int(try required("--rows")) ?? 0,
                dimension: Int(value("--dim") ?? "") ?? 384, user: user
            ).run()
        case "open-search":
            result = try await OpenSearch(path: try required("--path"), user: user).run()
        default:
            throw BenchFailure("usage: memlayer-bench-edge embed-batch|make-store|open-search ...")
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Milliseconds since `start` on the monotonic clock.
func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

/// The median of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}
