import Foundation
import MemLayer

#if canImport(Glibc)
    import Glibc
#endif

/// This thread's CPU time in milliseconds: on a machine whose cores other work shares, the
/// encoder's own cost, where wall time also counts the waits for a core.
func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

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
        var batchesCPU: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            let cpuStart = threadCPUMilliseconds()
            _ = try encoder.encode(tokenBatches: input.batch)
            batchesCPU.append(threadCPUMilliseconds() - cpuStart)
            batches.append(milliseconds(since: start))
        }
        return [
            "load_ms": load, "single_ms": median(singles), "batch_ms": median(batches),
            "batch_cpu_ms": median(batchesCPU),
            "batch_tokens": Double(input.batch.reduce(0) { $0 + $1.count }),
        ]
    }
}
