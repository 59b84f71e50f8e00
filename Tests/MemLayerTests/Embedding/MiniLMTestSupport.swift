import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Where the MiniLM tests find the model and the reference fixture, and what they share.
enum MiniLMTestSupport {
    /// The repository root: three folders above this file's folder.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Embedding
        .deletingLastPathComponent()  // MemLayerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `$MEMLAYER_MODELS/cache/all-MiniLM-L6-v2`, or `models/cache/all-MiniLM-L6-v2` in the repository.
    static let modelDirectory: URL = {
        let models =
            ProcessInfo.processInfo.environment["MEMLAYER_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("models")
        return models.appendingPathComponent("cache/all-MiniLM-L6-v2")
    }()

    static let modelFile = modelDirectory.appendingPathComponent("model.safetensors")

    /// Reference ids and vectors from sentence-transformers
    /// (Tests/MemLayerTests/Fixtures/generate_minilm_fixture.py).
    struct Fixture: Decodable {
        struct Case: Decodable {
            let text: String
            let ids: [Int32]
            let embedding: [Float]
        }
        let dimension: Int
        let cases: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = root.appendingPathComponent("Tests/MemLayerTests/Fixtures/minilm_fixture.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// One encoder for all tests (loading packs ~40 MB of weights).
    private static let loaded = Result { try MiniLMEncoder(modelURL: modelDirectory) }

    static func encoder() throws -> MiniLMEncoder { try loaded.get() }

    /// Every fixture case encoded alone, computed once: debug builds run the C code unoptimised.
    private static let singleVectors = Result {
        let model = try encoder()
        return try fixture().cases.map { try model.encodeBatch([$0.ids])[0] }
    }

    static func singles() throws -> [[Float]] { try singleVectors.get() }

    /// All fixture cases encoded together in one padded batch, computed once.
    private static let batchVectors = Result { try encoder().encodeBatch(fixture().cases.map(\.ids)) }

    static func batch() throws -> [[Float]] { try batchVectors.get() }

    /// The fixture's shorter sequences, for tests that encode many times.
    static func shortSequences() throws -> [[Int32]] { try fixture().cases.map(\.ids).filter { $0.count <= 24 } }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return dot / (normA.squareRoot() * normB.squareRoot())
    }

    static func maxAbsDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
        zip(a, b).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }
}
