import CMiniLM
import Foundation

/// The all-MiniLM-L6-v2 sentence encoder: token ids in, 384-dimensional mean-pooled,
/// L2-normalised vectors out, matching sentence-transformers to a cosine of 0.99999.
///
/// The network runs in C (`CMiniLM`) on the weights of `model.safetensors`, which is memory-mapped
/// and checked tensor by tensor when the encoder is created. Token ids come from the model's
/// WordPiece tokenizer and include `[CLS]` and `[SEP]`.
///
/// On CPUs with AVX2 + F16C or AVX-512 the projection matrices are multiplied in half precision
/// (float32 arithmetic on weights rounded to binary16), read from a side file in
/// `ModelCache` that the first load writes; see `Weights`. `MEMLAYER_MINILM_WEIGHTS=f32`
/// and `MEMLAYER_MINILM_KERNELS=portable|avx2` force the slower paths, for tests and benchmarks.
///
/// `@unchecked Sendable` because it holds a C pointer: the C model is never modified after
/// `ml_model_load` returns and `ml_model_encode` allocates its scratch per call, so any number
/// of tasks may encode with one instance at once; the model is freed only in `deinit`.
public final class MiniLMEncoder: @unchecked Sendable {
    /// Which compiled kernels run the network; the fastest the CPU supports unless a test pins
    /// a slower one to compare against it.
    enum Kernels: Int32, Sendable, CaseIterable {
        /// Plain C with OpenBLAS's `sgemm` (loaded when first needed): runs anywhere, and is the reference for the others.
        case portable = 0
        /// AVX2 and FMA.
        case avx2 = 1
        /// AVX-512.
        case avx512 = 2
    }

    /// What the projection matrices are stored as while encoding.
    enum Weights: Int32, Sendable, CaseIterable {
        /// Float32, packed in memory at every load: the reference.
        case float32 = 0
        /// IEEE half precision, mapped from the side file (cosine to float32 ≥ 0.99999).
        case float16 = 1
    }

    /// Where the half-precision weights of this load came from.
    enum PackedSource: Int32, Sendable {
        /// Float32 weights: there are none.
        case none = 0
        /// Packed in memory (no side file could be written).
        case memory = 1
        /// Mapped from an up-to-date side file.
        case mapped = 2
        /// Packed now and written to the side file for the next load.
        case written = 3
    }

    /// Sequences per call into C: sorted by length, so each call pads little.
    static let maxGroupSize = 64
    /// Real tokens per call into C, which bounds its scratch (about 10 KB per token).
    static let maxGroupTokens = 8192

    private let model: OpaquePointer

    /// The length of every vector ``encode(tokenBatches:)`` returns (384).
    public let dimension: Int
    /// The most tokens (including `[CLS]` and `[SEP]`) one sequence may have (512).
    public let maxTokens: Int
    /// The number of token ids the model knows; valid ids are `0..<vocabularySize` (30522).
    public let vocabularySize: Int
    /// The kernels in use.
    let kernels: Kernels
    /// The weight precision in use (float32 when the kernels cannot read half precision).
    let weights: Weights
    /// Where the half-precision weights came from.
    let packedSource: PackedSource

    /// Loads the model.
    ///
    /// - Parameter modelURL: the `model.safetensors` file, or the folder holding it (for example
    ///   `models/cache/all-MiniLM-L6-v2`).
    /// - Throws: ``EmbedderError`` of kind `.modelFiles` when the file is missing, unreadable,
    ///   truncated, or not the expected model; the message names the path and the reason.
    public convenience init(modelURL: URL) throws {
        let environment = ProcessInfo.processInfo.environment
        let weights: Weights = environment["MEMLAYER_MINILM_WEIGHTS"] == "f32" ? .float32 : .float16
        let kernels: Kernels =
            switch environment["MEMLAYER_MINILM_KERNELS"] {
            case "portable": .portable
            case "avx2": .avx2
            default: .avx512
            }
        try self.init(
            modelURL: modelURL, kernels: kernels, weights: weights,
            sideFile: weights == .float16 ? ModelCache.sideFile(for: Self.weightsFile(modelURL)) : nil)
    }

    /// Loads the model using no kernels faster than `kernels`, with float32 weights.
    convenience init(modelURL: URL, kernels: Kernels) throws {
        try self.init(modelURL: modelURL, kernels: kernels, weights: .float32, sideFile: nil)
    }

    /// Loads the model using no kernels faster than `kernels` and the given weight precision,
    /// keeping half-precision weights in `sideFile` (packed in memory when nil).
    init(modelURL: URL, kernels: Kernels, weights: Weights, sideFile: URL?) throws {
        let fileURL = Self.weightsFile(modelURL)
        var loaded: OpaquePointer?
        var message = [CChar](repeating: 0, count: 512)
        let rc = ml_model_load_weights(
            fileURL.path, kernels.rawValue, weights.rawValue, sideFile?.path, &loaded, &message, message.count)
        guard Int(rc) == ML_OK, let loaded else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if Int(rc) == ML_ERR_BLAS {
                throw EmbedderError(.model, "Cannot run the MiniLM model on this CPU: \(reason).")
            }
            throw EmbedderError(
                .modelFiles,
                "Cannot load the MiniLM model from \(fileURL.path): \(reason). "
                    + "Run models/fetch.sh to download and verify it.")
        }
        model = loaded
        dimension = Int(ml_model_hidden_size(loaded))
        maxTokens = Int(ml_model_max_positions(loaded))
        vocabularySize = Int(ml_model_vocab_size(loaded))
        self.kernels = Kernels(rawValue: ml_model_kernels(loaded)) ?? .portable
        self.weights = Weights(rawValue: ml_model_weights(loaded)) ?? .float32
        self.packedSource = PackedSource(rawValue: ml_model_packed_source(loaded)) ?? .none
    }

    deinit {
        ml_model_free(model)
    }

    /// Encodes token sequences; the result has one vector of ``dimension`` floats per sequence,
    /// in input order. Sequences are grouped by length internally, so the order and mix of the
    /// input do not change the vectors.
    ///
    /// - Throws: ``EmbedderError`` of kind `.model` when a sequence is empty, longer than
    ///   ``maxTokens``, or holds an id outside `0..<vocabularySize`, or when memory runs out.
    public func encode(tokenBatches: [[Int32]]) throws -> [[Float]] {
        for (index, ids) in tokenBatches.enumerated() {
            try validate(ids, index: index)
        }
        let byLength = tokenBatches.indices.sorted { tokenBatches[$0].count < tokenBatches[$1].count }
        var vectors = [[Float]](repeating: [], count: tokenBatches.count)
        var start = 0
        while start < byLength.count {
            var end = start + 1
            var tokens = tokenBatches[byLength[start]].count
            while end < byLength.count, end - start < Self.maxGroupSize,
                tokens + tokenBatches[byLength[end]].count <= Self.maxGroupTokens
            {
                tokens += tokenBatches[byLength[end]].count
                end += 1
            }
            let group = byLength[start..<end]
            let encoded = try encodeBatch(group.map { tokenBatches[$0] })
            for (index, vector) in zip(group, encoded) {
                vectors[index] = vector
            }
            start = end
        }
        return vectors
    }

    /// Encodes `sequences` in one padded call into C, padding with `padding` (never read by the
    /// encoder; tests vary it to show that padding does not leak into the vectors).
    func encodeBatch(_ sequences: [[Int32]], padding: Int32 = 0) throws -> [[Float]] {
        guard !sequences.isEmpty else { return [] }
        let width = sequences.map(\.count).max() ?? 0
        var ids = [Int32](repeating: padding, count: sequences.count * width)
        for (row, sequence) in sequences.enumerated() {
            ids.replaceSubrange(row * width..<row * width + sequence.count, with: sequence)
        }
        let lengths = sequences.map { Int32(clamping: $0.count) }
        var output = [Float](repeating: 0, count: sequences.count * dimension)
        let rc = ml_model_encode(model, ids, lengths, Int32(sequences.count), Int32(width), &output)
        switch Int(rc) {
        case ML_OK:
            return (0..<sequences.count).map { Array(output[$0 * dimension..<($0 + 1) * dimension]) }
        case ML_ERR_NOMEM:
            throw EmbedderError(.model, "The MiniLM encoder ran out of memory; embed fewer or shorter texts at once.")
        default:
            throw EmbedderError(
                .model,
                "The MiniLM encoder rejected its input (code \(rc)): each sequence needs 1...\(maxTokens) token ids "
                    + "in 0..<\(vocabularySize).")
        }
    }

    private func validate(_ ids: [Int32], index: Int) throws {
        guard !ids.isEmpty else {
            throw EmbedderError(.model, "Token sequence \(index) is empty; it needs at least [CLS] and [SEP].")
        }
        guard ids.count <= maxTokens else {
            throw EmbedderError(
                .model, "Token sequence \(index) has \(ids.count) tokens; MiniLM takes at most \(maxTokens).")
        }
        if let bad = ids.first(where: { $0 < 0 || Int($0) >= vocabularySize }) {
            throw EmbedderError(
                .model, "Token sequence \(index) holds id \(bad), outside MiniLM's vocabulary 0..<\(vocabularySize).")
        }
    }

    static func weightsFile(_ url: URL) -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return url.appendingPathComponent("model.safetensors")
        }
        return url
    }
}
