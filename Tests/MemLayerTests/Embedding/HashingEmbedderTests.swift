import MemLayer
import Testing

@Suite("Hashing embedder")
struct HashingEmbedderTests {
    private func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("vectors are deterministic, unit length and of the promised dimension")
    func deterministic() async throws {
        let embedder = HashingEmbedder(dimension: 96)
        let first = try await embedder.embed(["Hello, world", ""])
        let second = try await HashingEmbedder(dimension: 96).embed(["Hello, world", ""])
        #expect(first == second)
        for vector in first {
            #expect(vector.count == 96)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
        #expect(embedder.id == "hash-ngram-v1/96")
    }

    @Test("texts sharing words are closer than unrelated ones")
    func sharedWords() async throws {
        let embedder = HashingEmbedder()
        let vectors = try await embedder.embed(["I work at Acme Corp", "where do I work? acme", "bananas are yellow"])
        #expect(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2)
    }
}
