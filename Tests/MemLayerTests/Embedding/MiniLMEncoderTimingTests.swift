import Foundation
import Testing

@testable import MemLayer

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

    private func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    }

    @Test("one short sentence and a batch of 256, one thread")
    func timeLikeThePeer() throws {
        let url = MiniLMTestSupport.root.appendingPathComponent("Benchmarks/peers/minilm_peer_ids.json")
        let inputs = try JSONDecoder().decode(PeerInputs.self, from: Data(contentsOf: url))
        let encoder = try MiniLMTestSupport.encoder()

        for _ in 0..<20 { _ = try encoder.encode(tokenBatches: [inputs.single]) }
        let single = try (0..<200).map { _ in try milliseconds { _ = try encoder.encode(tokenBatches: [inputs.single]) } }

        _ = try encoder.encode(tokenBatches: inputs.batch)
        let batch = try (0..<5).map { _ in try milliseconds { _ = try encoder.encode(tokenBatches: inputs.batch) } }

        let tokens = inputs.batch.map(\.count).reduce(0, +)
        print(
            """
            MiniLM timing (\(encoder.kernels) kernels, one thread): \
            single sentence (\(inputs.single.count) tokens) median \(median(single)) ms, min \(single.min()!) ms; \
            batch of \(inputs.batch.count) (\(tokens) tokens) median \(median(batch)) ms, min \(batch.min()!) ms
            """)
    }
}
