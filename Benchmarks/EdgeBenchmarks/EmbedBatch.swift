import Foundation
import MemLayer

/// Loads the encoder (as the environment configures it) and times one sentence and the 256-
/// sentence batch of Benchmarks/peers/minilm_peer_ids.json on the calling thread.
struct EmbedBatch {
    let model: URL
    let ids: URL
    let runs: Int

    struct PeerIDs: Decodable {
        let single: [Int32]
        let batch: [[Int32]]
    }

    func run() throws -> [String: Double] {
        let input = try JSONDecoder().decode(PeerIDs.self, from: Data(contentsOf: ids))
        let loadStart = ContinuousClock.now
        let encoder = try MiniLMEncoder(modelURL: model)
        let load = milliseconds(since: loadStart)
        var singles: [Double] = []
        for _ in 0..<50 {
            let start = ContinuousClock.now
            _ = try encoder.encode(tokenBatches: [input.single])
            singles.append(milliseconds(since: start))
        }
        _ = try encoder.encode(tokenBatches: input.batch)  // warm-up
        var batches: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            _ = try encoder.encode(tokenBatches: input.batch)
            batches.append(milliseconds(since: start))
        }
        return [
            "load_ms": load, "single_ms": median(singles), "batch_ms": median(batches),
            "batch_tokens": Double(input.batch.reduce(0) { $0 + $1.count }),
        ]
    }
}
