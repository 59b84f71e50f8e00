import Foundation

/// The built-in embedder: all-MiniLM-L6-v2 (384 dimensions, mean pooling, L2-normalised), with
/// the BERT tokenizer in Swift and the encoder in C with BLAS. Runs in-process; no server.
///
/// Loading maps the weights (after the first start, a 21 MB half-precision side file; see
/// ``MiniLMEncoder``); embedding runs off Swift's cooperative thread pool so long batches never
/// starve other tasks, and a batch of many texts is spread over the cores. Safe to share between
/// tasks.
public struct MiniLMEmbedder: Embedder {
    /// The model's folder name under `models/cache/`.
    public static let modelName = "all-MiniLM-L6-v2"
    /// The maximum word pieces per text, as sentence-transformers configures this model.
    public static let maxSequenceLength = 256

    public let id = EmbedderSpecification.miniLMID
    public var dimension: Int { encoder.dimension }
    private let tokenizer: BertTokenizer
    private let encoder: MiniLMEncoder

    /// Loads the model from `directory`, or from ``ModelLocation``'s search when nil.
    public init(directory: URL? = nil) throws {
        let folder =
            try directory
            ?? ModelLocation.directory(
                for: Self.modelName, requiredFiles: ["vocab.txt", "model.safetensors"])
        tokenizer = try BertTokenizer(vocabularyURL: folder.appendingPathComponent("vocab.txt"))
        encoder = try MiniLMEncoder(modelURL: folder.appendingPathComponent("model.safetensors"))
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let tokenizer = tokenizer
        let encoder = encoder
        let workers = Self.workerCount(texts: texts.count)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    with: Result {
                        try Self.encode(texts, workers: workers) { part in
                            try encoder.encode(
                                tokenBatches: part.map { tokenizer.encode($0, maxLength: Self.maxSequenceLength) })
                        }
                    })
            }
        }
    }

    /// Texts per worker below which a second thread costs more than it saves (a thread wakes in
    /// tens of microseconds; one short text encodes in about 2 ms).
    static let textsPerWorker = 8

    /// Threads for a batch of `texts`: one per core (at most 4) while each gets
    /// ``textsPerWorker`` texts, or `MEMLAYER_EMBED_THREADS` when set. A search embeds one text,
    /// so it never starts a thread; an import or a reindex spreads its batches over the cores.
    static func workerCount(texts: Int) -> Int {
        let configured = ProcessInfo.processInfo.environment["MEMLAYER_EMBED_THREADS"].flatMap { Int($0) }
        let cores = configured ?? min(ProcessInfo.processInfo.activeProcessorCount, 4)
        return max(1, min(cores, texts / textsPerWorker))
    }

    /// Runs `encode` over `workers` interleaved shares of `texts` at once (text i goes to share
    /// i mod workers, so long and short texts spread evenly) and puts the vectors back in order.
    static func encode(
        _ texts: [String], workers: Int, _ encode: @Sendable ([String]) throws -> [[Float]]
    ) throws -> [[Float]] {
        guard workers > 1 else { return try encode(texts) }
        let shares = (0..<workers).map { worker in Array(stride(from: worker, to: texts.count, by: workers)) }
        let results = WorkerResults(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            results.set(worker, Result { try encode(shares[worker].map { texts[$0] }) })
        }
        var vectors = [[Float]](repeating: [], count: texts.count)
        for (worker, share) in shares.enumerated() {
            for (position, vector) in zip(share, try results.get(worker)) { vectors[position] = vector }
        }
        return vectors
    }
}

/// One result slot per worker of ``MiniLMEmbedder/encode(_:workers:_:)``, written once each
/// from its own thread under a lock.
private final class WorkerResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[[Float]], any Error>]

    init(count: Int) {
        slots = Array(repeating: .success([]), count: count)
    }

    func set(_ index: Int, _ result: Result<[[Float]], any Error>) {
        lock.withLock { slots[index] = result }
    }

    func get(_ index: Int) throws -> [[Float]] {
        try lock.withLock { slots[index] }.get()
    }
}
