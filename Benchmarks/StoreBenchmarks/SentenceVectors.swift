import Foundation
import MemLayer

/// MiniLM vectors of ``SentenceCorpus`` sentences 0..<n, cached on disk so a re-run skips the
/// embedding (1M sentences take about half an hour on 2 cores). The cache is a flat file of
/// little-endian float32 rows in sentence order, appended to as more sentences are needed; a
/// change to the corpus or the model needs a new file name (``fileName``).
struct SentenceVectors {
    static let dimension = 384
    static let fileName = "store-sentences-v1-minilm-l6-v2-384.f32"

    let file: URL

    init() throws {
        let folder =
            ProcessInfo.processInfo.environment["MEMLAYER_BENCH_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/memlayer/bench")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        file = folder.appendingPathComponent(Self.fileName)
    }

    /// Sentences whose vectors are in the cache.
    var cachedCount: Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        return size / (Self.dimension * MemoryLayout<Float>.size)
    }

    /// Embeds and appends the sentences missing below `count`, in batches, saying how far it got.
    func ensure(_ count: Int, embedder: MiniLMEmbedder) async throws {
        var done = cachedCount
        guard done < count else { return }
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw BenchFailure("cannot create the vector cache \(file.path)")
            }
        }
        // A partial row from an interrupted write is cut off before appending.
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(done * Self.dimension * MemoryLayout<Float>.size))
        try handle.seekToEnd()
        let began = ContinuousClock.now
        let first = done
        while done < count {
            let batch = (done..<min(done + 2_048, count)).map(SentenceCorpus.sentence)
            let vectors = try await embedder.embed(batch)
            var bytes = Data(capacity: vectors.count * Self.dimension * 4)
            for vector in vectors {
                precondition(vector.count == Self.dimension)
                vector.withUnsafeBytes { bytes.append(contentsOf: $0) }
            }
            try handle.write(contentsOf: bytes)
            done += batch.count
            let seconds = (ContinuousClock.now - began).seconds
            let rate = Double(done - first) / max(seconds, 0.001)
            progress(
                "embedded \(done)/\(count) sentences (\(Int(rate))/s, about \(Int(Double(count - done) / rate)) s left)"
            )
        }
        progress(
            "embedding \(count - first) sentences took \(format((ContinuousClock.now - began).seconds, 0)) s")
    }

    /// The cached vectors of sentences `range`, as one flat array.
    func read(_ range: Range<Int>) throws -> [Float] {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let rowBytes = Self.dimension * MemoryLayout<Float>.size
        try handle.seek(toOffset: UInt64(range.lowerBound * rowBytes))
        guard let data = try handle.read(upToCount: range.count * rowBytes), data.count == range.count * rowBytes
        else { throw BenchFailure("the vector cache \(file.path) holds fewer than \(range.upperBound) rows") }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
