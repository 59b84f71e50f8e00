import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Parity of the C encoder with sentence-transformers, batching, thread safety and bad input.
@Suite("MiniLM encoder")
struct MiniLMEncoderTests {
    typealias Support = MiniLMTestSupport

    @Test("every fixture sentence encoded alone matches the reference")
    func singlesMatchReference() throws {
        let encoder = try Support.encoder()
        let fixture = try Support.fixture()
        #expect(encoder.dimension == fixture.dimension)
        var worst = 1.0
        for (vector, item) in zip(try Support.singles(), fixture.cases) {
            let cosine = Support.cosine(vector, item.embedding)
            #expect(cosine >= 0.999, "\(item.text.prefix(40)): cosine \(cosine)")
            worst = min(worst, cosine)
        }
        print("MiniLM parity, one sentence per call (\(encoder.kernels)): min cosine \(worst)")
    }

    @Test("all fixture sentences in one padded batch match the reference")
    func oneBatchMatchesReference() throws {
        let encoder = try Support.encoder()
        let fixture = try Support.fixture()
        let vectors = try Support.batch()
        #expect(vectors.count == fixture.cases.count)
        var worst = 1.0
        for (vector, item) in zip(vectors, fixture.cases) {
            let cosine = Support.cosine(vector, item.embedding)
            #expect(cosine >= 0.999, "\(item.text.prefix(40)): cosine \(cosine)")
            worst = min(worst, cosine)
        }
        print("MiniLM parity, \(vectors.count) sentences in one padded batch (\(encoder.kernels)): min cosine \(worst)")
    }

    @Test("a batch gives each sentence the vector it gets alone, whatever the padding id")
    func paddingDoesNotLeak() throws {
        let encoder = try Support.encoder()
        #expect(Support.maxAbsDifference(try Support.batch(), try Support.singles()) <= 1e-6)
        let sequences = try Support.shortSequences() + [Support.fixture().cases.map(\.ids).max { $0.count < $1.count }!]
        let padZero = try encoder.encodeBatch(sequences, padding: 0)
        let padOther = try encoder.encodeBatch(sequences, padding: 30521)
        #expect(padZero == padOther)
    }

    @Test("encode groups by length but returns vectors in input order")
    func encodeKeepsOrder() throws {
        let encoder = try Support.encoder()
        let cases = try Support.fixture().cases
        let singles = try Support.singles()
        let short = cases.indices.filter { cases[$0].ids.count <= 24 }
        // Shuffled and repeated past one group, so groups mix lengths and span several calls into C.
        var order: [Int] = []
        while order.count <= MiniLMEncoder.maxGroupSize {
            order += short.shuffled()
        }
        let vectors = try encoder.encode(tokenBatches: order.map { cases[$0].ids })
        #expect(vectors.count == order.count)
        for (vector, index) in zip(vectors, order) {
            #expect(Support.maxAbsDifference([vector], [singles[index]]) <= 1e-6, "position of case \(index)")
        }
        #expect(try encoder.encode(tokenBatches: []).isEmpty)
    }

    @Test("concurrent encodes from several tasks give identical results")
    func concurrentEncodesAgree() async throws {
        let encoder = try Support.encoder()
        let sequences = try Support.shortSequences()
        let expected = try encoder.encode(tokenBatches: sequences)
        let results = try await withThrowingTaskGroup(of: [[Float]].self) { group in
            for _ in 0..<6 {
                group.addTask { try encoder.encode(tokenBatches: sequences) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 6)
        for vectors in results {
            #expect(vectors == expected)
        }
    }

    @Test("the portable kernels (plain C and cblas_sgemm) agree with the fast ones")
    func portableKernelsAgree() throws {
        let fast = try MiniLMEncoder(
            modelURL: Support.modelDirectory, kernels: .avx512, weights: .float32, sideFile: nil)
        let portable = try MiniLMEncoder(modelURL: Support.modelDirectory, kernels: .portable)
        #expect(portable.kernels == .portable)
        let sequences = try Support.shortSequences()
        let difference = Support.maxAbsDifference(
            try fast.encode(tokenBatches: sequences), try portable.encode(tokenBatches: sequences))
        print("MiniLM \(fast.kernels) vs portable kernels: max abs difference \(difference)")
        #expect(difference <= 1e-5)
    }

    @Test("bad token input is an error, not a crash")
    func badInputThrows() throws {
        let encoder = try Support.encoder()
        let valid: [Int32] = [101, 7592, 102]
        let bad: [(String, [[Int32]])] = [
            ("id past the vocabulary", [valid, [101, 30522, 102]]),
            ("negative id", [[101, -1, 102]]),
            ("empty sequence", [valid, []]),
            ("too long", [[Int32](repeating: 1000, count: 513)]),
        ]
        for (name, input) in bad {
            let error = try #require(throws: EmbedderError.self, "\(name)") { try encoder.encode(tokenBatches: input) }
            #expect(error.kind == .model, "\(name)")
        }
        // The C encoder checks too, for callers that bypass the Swift checks.
        let error = try #require(throws: EmbedderError.self) { try encoder.encodeBatch([[101, 40000, 102]]) }
        #expect(error.kind == .model)
    }
}
