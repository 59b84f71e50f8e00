import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The half-precision weights: parity with float32 on every kernel set that reads them, and the
/// side file that keeps them between starts (written once, mapped after, repacked when stale or
/// damaged, never required).
@Suite("MiniLM half-precision weights")
struct MiniLMHalfWeightsTests {
    typealias Support = MiniLMTestSupport

    /// A scratch folder removed when the test ends.
    private static func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minilm-half-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    @Test("half weights match float32 to a cosine of 0.99999 on AVX-512 and on AVX2, and each other closely")
    func halfMatchesFloat() throws {
        let sequences = try Support.fixture().cases.map(\.ids)
        let reference = try MiniLMEncoder(
            modelURL: Support.modelDirectory, kernels: .avx512, weights: .float32, sideFile: nil
        ).encode(tokenBatches: sequences)
        var results: [[[Float]]] = []
        for kernels in [MiniLMEncoder.Kernels.avx512, .avx2] {
            let encoder = try MiniLMEncoder(
                modelURL: Support.modelDirectory, kernels: kernels, weights: .float16, sideFile: nil)
            // A CPU without AVX2 and F16C has no half path; the loader then keeps float32.
            guard encoder.weights == .float16 else {
                #expect(encoder.packedSource == .none)
                continue
            }
            #expect(encoder.packedSource == .memory)
            let vectors = try encoder.encode(tokenBatches: sequences)
            let worst = zip(vectors, reference).map { Support.cosine($0, $1) }.min() ?? 0
            print("MiniLM half weights (\(encoder.kernels)) vs float32: min cosine \(worst)")
            #expect(worst >= 0.99999)
            results.append(vectors)
        }
        if results.count == 2 {
            #expect(Support.maxAbsDifference(results[0], results[1]) <= 1e-5)
        }
    }

    @Test("the portable kernels never use half weights")
    func portableStaysFloat() throws {
        let encoder = try MiniLMEncoder(
            modelURL: Support.modelDirectory, kernels: .portable, weights: .float16, sideFile: nil)
        #expect(encoder.weights == .float32)
        #expect(encoder.packedSource == .none)
    }

    @Test("the side file is written once, then mapped, and gives the same vectors as packing in memory")
    func sideFileRoundTrip() throws {
        try Self.withFolder { folder in
            let side = folder.appendingPathComponent("minilm.f16")
            let sequences = try Support.shortSequences()
            let packed = try MiniLMEncoder(
                modelURL: Support.modelDirectory, kernels: .avx512, weights: .float16, sideFile: nil)
            guard packed.weights == .float16 else { return }  // no half path on this CPU
            let first = try MiniLMEncoder(
                modelURL: Support.modelDirectory, kernels: .avx512, weights: .float16, sideFile: side)
            #expect(first.packedSource == .written)
            let second = try MiniLMEncoder(
                modelURL: Support.modelDirectory, kernels: .avx512, weights: .float16, sideFile: side)
            #expect(second.packedSource == .mapped)
            let expected = try packed.encode(tokenBatches: sequences)
            #expect(try first.encode(tokenBatches: sequences) == expected)
            #expect(try second.encode(tokenBatches: sequences) == expected)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(leftovers == ["minilm.f16"], "no temporary files left behind")
        }
    }

    @Test("a damaged, truncated or stale side file is repacked, never used")
    func damagedSideFileIsRepacked() throws {
        try Self.withFolder { folder in
            let model = folder.appendingPathComponent("model.safetensors")
            try FileManager.default.copyItem(at: Support.modelFile, to: model)
            let side = folder.appendingPathComponent("minilm.f16")
            func load() throws -> MiniLMEncoder {
                try MiniLMEncoder(modelURL: model, kernels: .avx512, weights: .float16, sideFile: side)
            }
            guard try load().packedSource == .written else { return }  // no half path on this CPU
            let sequences = try Support.shortSequences()
            let expected = try load().encode(tokenBatches: sequences)

            // A torn write (as if killed mid-copy by something other than our writer).
            let handle = try FileHandle(forWritingTo: side)
            try handle.truncate(atOffset: 4096 + 1000)
            try handle.close()
            #expect(try load().packedSource == .written)
            #expect(try load().packedSource == .mapped)

            // One flipped header byte.
            var bytes = try Data(contentsOf: side)
            bytes[40] ^= 0x01
            try bytes.write(to: side)
            #expect(try load().packedSource == .written)

            // The model file changed since the side file was made.
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: model.path)
            let repacked = try load()
            #expect(repacked.packedSource == .written)
            #expect(try repacked.encode(tokenBatches: sequences) == expected)
        }
    }

    @Test("a side file that cannot be written costs nothing but the packing")
    func unwritableSideFile() throws {
        let side = URL(fileURLWithPath: "/proc/no-such-folder/minilm.f16")
        let encoder = try MiniLMEncoder(
            modelURL: Support.modelDirectory, kernels: .avx512, weights: .float16, sideFile: side)
        guard encoder.weights == .float16 else { return }
        #expect(encoder.packedSource == .memory)
        let sequences = try Support.shortSequences()
        let reference = try MiniLMEncoder(
            modelURL: Support.modelDirectory, kernels: .avx512, weights: .float16, sideFile: nil)
        #expect(try encoder.encode(tokenBatches: sequences) == reference.encode(tokenBatches: sequences))
    }

    @Test(
        "every retrieval question gets the same top-10 memories with half and float32 weights",
        arguments: ["retrieval_eval.tsv", "retrieval_heldout.tsv"])
    func sameTopTenOnRetrievalSets(file: String) async throws {
        let url = Support.root.appendingPathComponent("Tests/MemLayerTests/Fixtures/\(file)")
        var memories: [String] = []
        var questions: [String] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3 else { continue }
            if fields[0] == "memory" { memories.append(fields[2]) } else { questions.append(fields[2]) }
        }
        #expect(memories.count >= 20 && questions.count >= 20)
        let tokenizer = try BertTokenizer(vocabularyURL: Support.modelDirectory.appendingPathComponent("vocab.txt"))
        func topTen(_ weights: MiniLMEncoder.Weights) throws -> [[Int]] {
            let encoder = try MiniLMEncoder(
                modelURL: Support.modelDirectory, kernels: .avx512, weights: weights, sideFile: nil)
            let ids = { (texts: [String]) in texts.map { tokenizer.encode($0, maxLength: 256) } }
            let stored = try encoder.encode(tokenBatches: ids(memories))
            return try encoder.encode(tokenBatches: ids(questions)).map { query in
                let scores = stored.map { zip($0, query).reduce(0) { $0 + $1.0 * $1.1 } }
                return Array(scores.indices.sorted { scores[$0] > scores[$1] }.prefix(10))
            }
        }
        let half = try topTen(.float16)
        let full = try topTen(.float32)
        for (index, question) in questions.enumerated() {
            #expect(half[index] == full[index], "\(question)")
        }
    }
}
