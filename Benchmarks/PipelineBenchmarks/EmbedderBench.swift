import Foundation
import MemLayer

/// The built-in encoder against sentence-transformers on CPU torch, same token ids, one thread.
struct EmbedderBench {
    let modelDirectory: URL
    let peerPython: String?
    let idsFile: URL
    let peerScript: URL

    struct PeerIDs: Decodable {
        let single: [Int32]
        let batch: [[Int32]]
    }

    func run() async throws -> [String] {
        let ids = try JSONDecoder().decode(PeerIDs.self, from: Data(contentsOf: idsFile))
        let encoder = try MiniLMEncoder(modelURL: modelDirectory)
        let embedder = try MiniLMEmbedder(directory: modelDirectory)
        let single = try await measure(runs: 300, warmup: 20) { _ = try encoder.encode(tokenBatches: [ids.single]) }
        let text = try await measure(runs: 300, warmup: 20) { _ = try await embedder.embed(["I work at Acme Corp"]) }
        let batch = try await measure(runs: 5, warmup: 1) { _ = try encoder.encode(tokenBatches: ids.batch) }
        var peer: (single: Double, batch: Double, batch32: Double)?
        if let peerPython { peer = try runPeer(python: peerPython) }
        func ratio(_ ours: Double, _ theirs: Double?) -> String {
            theirs.map { "\(format($0 / ours, 1))× faster" } ?? "—"
        }
        let tokens = ids.batch.reduce(0) { $0 + $1.count }
        return [
            "| embedder (all-MiniLM-L6-v2, 1 thread) | ours p50 ms | sentence-transformers (torch CPU) ms | ratio |",
            "| --- | --- | --- | --- |",
            "| one short sentence (\(ids.single.count) tokens), token ids | \(format(single.p50)) | \(peer.map { format($0.single) } ?? "—") | \(ratio(single.p50, peer?.single)) |",
            "| one short sentence, text → vector (tokenizer included) | \(format(text.p50)) | — | — |",
            "| batch of \(ids.batch.count) sentences (\(tokens) tokens), one padded batch | \(format(batch.p50, 0)) | \(peer.map { format($0.batch, 0) } ?? "—") | \(ratio(batch.p50, peer?.batch)) |",
            "| same \(ids.batch.count), torch in its default length-sorted batches of 32 | \(format(batch.p50, 0)) | \(peer.map { format($0.batch32, 0) } ?? "—") | \(ratio(batch.p50, peer?.batch32)) |",
        ]
    }

    /// Runs the Python peer and reads its JSON: single-sentence median and batch time in ms.
    private func runPeer(python: String) throws -> (single: Double, batch: Double, batch32: Double)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [peerScript.path]
        var environment = ProcessInfo.processInfo.environment
        environment["HF_HUB_OFFLINE"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            FileHandle.standardError.write(Data("peer failed (status \(process.terminationStatus))\n".utf8))
            return nil
        }
        func number(_ keys: [String]) -> Double? {
            var value: Any? = object
            for key in keys { value = (value as? [String: Any])?[key] }
            return (value as? NSNumber)?.doubleValue
        }
        guard let single = number(["single_sentence", "median_ms"]), let batch = number(["batch_256", "median_ms"]),
            let batch32 = number(["batch_256_in_32s", "median_ms"])
        else {
            FileHandle.standardError.write(
                Data("peer output not understood: \(String(decoding: data, as: UTF8.self))\n".utf8))
            return nil
        }
        return (single, batch, batch32)
    }
}
