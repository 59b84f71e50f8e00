import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Times the encoder on the inputs Benchmarks/peers/minilm_peer.py times sentence-transformers on,
/// and prints the numbers; it asserts nothing about time. Opt in, in a release build:
///
///     MEMLAYER_TIMING=1 swift test -c release --filter MiniLMEncoderTiming
@Suite("MiniLM encoder timing", .enabled(if: ProcessInfo.processInfo.environment["MEMLAYER_TIMING"] != nil))
struct MiniLMEncoderTimingTests {
    private struct PeerInputs: Decodable {
        let single: [Int32]
        let batch: [[Int32]]
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Wall and process CPU milliseconds; CPU time is steadier on a shared machine.
    private func milliseconds(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let start = ContinuousClock.now
        let startCPU = clock()
        try body()
        let cpu = Double(clock() - startCPU) * 1e3 / Double(CLOCKS_PER_SEC)
        let elapsed = ContinuousClock.now - start
        return (Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15, cpu)
    }

    private func summary(_ runs: [(wall: Double, cpu: Double)]) -> String {
        let wall = runs.map(\.wall)
        return "median \(median(wall)) ms, min \(wall.min()!) ms, CPU median \(median(runs.map(\.cpu))) ms"
    }

    @Test("one short sentence and a batch of 256, one thread")
    func timeLikeThePeer() throws {
        let url = MiniLMTestSupport.root.appendingPathComponent("Benchmarks/peers/minilm_peer_ids.json")
        let inputs = try JSONDecoder().decode(PeerInputs.self, from: Data(contentsOf: url))
        let encoder = try MiniLMTestSupport.encoder()

        for _ in 0..<20 { _ = try encoder.encode(tokenBatches: [inputs.single]) }
        let single = try (0..<200).map { _ in try milliseconds { _ = try encoder.encode(tokenBatches: [inputs.single]) }
        }

        _ = try encoder.encode(tokenBatches: inputs.batch)
        let batch = try (0..<5).map { _ in try milliseconds { _ = try encoder.encode(tokenBatches: inputs.batch) } }

        let tokens = inputs.batch.map(\.count).reduce(0, +)
        print(
            """
            MiniLM timing (\(encoder.kernels) kernels, one thread): \
            single sentence (\(inputs.single.count) tokens) \(summary(single)); \
            batch of \(inputs.batch.count) (\(tokens) tokens) \(summary(batch))
            """)
    }
}
