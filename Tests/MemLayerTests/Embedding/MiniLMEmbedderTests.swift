import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("MiniLM embedder, text to vector")
struct MiniLMEmbedderTests {
    private func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
            / (a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }

    @Test("texts through the Swift tokenizer and C encoder match sentence-transformers (cosine ≥ 0.999)")
    func parityFromText() async throws {
        let embedder = try MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory)
        let cases = try MiniLMTestSupport.fixture().cases
        let vectors = try await embedder.embed(cases.map(\.text))
        var worst: (Float, String) = (1, "")
        for (vector, reference) in zip(vectors, cases) {
            let similarity = cosine(vector, reference.embedding)
            if similarity < worst.0 { worst = (similarity, reference.text) }
        }
        #expect(worst.0 >= 0.999, "lowest cosine \(worst.0) for \(worst.1.prefix(60))")
        #expect(embedder.id == "minilm-l6-v2/384" && embedder.dimension == 384)
    }

    @Test("a batch spread over several threads gives each text the vector it gets on one, in order")
    func workersAgree() throws {
        let tokenizer = try BertTokenizer(
            vocabularyURL: MiniLMTestSupport.modelDirectory.appendingPathComponent("vocab.txt"))
        let encoder = try MiniLMTestSupport.encoder()
        let texts = try MiniLMTestSupport.fixture().cases.map(\.text)
        let encode: @Sendable ([String]) throws -> [[Float]] = { part in
            try encoder.encode(tokenBatches: part.map { tokenizer.encode($0, maxLength: 256) })
        }
        let one = try MiniLMEmbedder.encode(texts, workers: 1, encode)
        for workers in [2, 3] {
            let spread = try MiniLMEmbedder.encode(texts, workers: workers, encode)
            #expect(spread.count == texts.count)
            #expect(MiniLMTestSupport.maxAbsDifference(spread, one) <= 1e-6, "\(workers) workers")
        }
        #expect(MiniLMEmbedder.workerCount(texts: 1) == 1)
        #expect(MiniLMEmbedder.workerCount(texts: 64) >= 1)
        // A failure in one share fails the whole batch.
        #expect(throws: EmbedderError.self) {
            try MiniLMEmbedder.encode(texts, workers: 2) { part in
                if part.contains(texts[1]) { throw EmbedderError(.model, "boom") }
                return try encode(part)
            }
        }
    }

    @Test("related sentences are closer than unrelated ones")
    func semantics() async throws {
        let embedder = try MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory)
        let v = try await embedder.embed(["I work at Acme Corp", "Where is my job?", "Bananas are yellow"])
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.1)
    }

    @Test("a model folder without the files is a clear error naming models/fetch.sh")
    func missingFiles() throws {
        let empty = try TemporaryDirectory()
        let error = #expect(throws: EmbedderError.self) { _ = try MiniLMEmbedder(directory: empty.url) }
        #expect(error?.kind == .modelFiles)
        #expect(error?.message.contains("models/fetch.sh") == true)
    }

    @Test("MEMLAYER_MODELS pointing nowhere is a clear error listing where it looked")
    func locationError() throws {
        let error = #expect(throws: EmbedderError.self) {
            _ = try ModelLocation.directory(for: "no-such-model", requiredFiles: ["model.safetensors"])
        }
        #expect(error?.message.contains("models/fetch.sh") == true)
        #expect(error?.message.contains("cache/no-such-model") == true)
    }
}
