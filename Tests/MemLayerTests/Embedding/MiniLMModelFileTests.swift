import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Broken model files give one clear `.modelFiles` error naming the file, the reason and the fix.
@Suite("MiniLM model files")
struct MiniLMModelFileTests {
    typealias Support = MiniLMTestSupport

    /// A fresh temporary folder, removed after body.
    private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("minilm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// Loads `file` expecting failure, and checks the message names the file, `reason` and the fix.
    private func expectLoadError(_ file: URL, mentioning reason: String) throws {
        let error = try #require(throws: EmbedderError.self) { try MiniLMEncoder(modelURL: file) }
        #expect(error.kind == .modelFiles)
        #expect(error.message.contains(file.path), "\(error.message)")
        #expect(error.message.contains(reason), "\(error.message)")
        #expect(error.message.contains("models/fetch.sh"), "\(error.message)")
        #expect(!error.message.contains("\n"))
    }

    /// The real file's 8-byte header length and JSON header.
    private func realHeader() throws -> (data: Data, headerLength: Int) {
        let data = try Data(contentsOf: Support.modelFile, options: .alwaysMapped)
        let length = data.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        return (data, length)
    }

    @Test("a missing file")
    func missingFile() throws {
        try withTemporaryDirectory { directory in
            try expectLoadError(directory.appendingPathComponent("model.safetensors"), mentioning: "No such file")
        }
    }

    @Test("a model folder is accepted in place of the file")
    func folderAccepted() throws {
        let encoder = try MiniLMEncoder(modelURL: Support.modelDirectory)
        #expect(encoder.dimension == 384)
        #expect(encoder.maxTokens == 512)
        #expect(encoder.vocabularySize == 30522)
    }

    @Test("a truncated file")
    func truncatedFile() throws {
        let (data, headerLength) = try realHeader()
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("model.safetensors")
            try data.prefix(8 + headerLength + 1_000_000).write(to: file)
            try expectLoadError(file, mentioning: "truncated")
            try data.prefix(8 + headerLength / 2).write(to: file)
            try expectLoadError(file, mentioning: "truncated")
            try Data([1, 2, 3]).write(to: file)
            try expectLoadError(file, mentioning: "too short")
        }
    }

    @Test("a garbage header")
    func garbageHeader() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("model.safetensors")
            // A header length no real file has.
            try Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + Array(repeating: 0x20, count: 64)).write(
                to: file)
            try expectLoadError(file, mentioning: "header length")
            // A plausible length, but not JSON.
            try (Data([16, 0, 0, 0, 0, 0, 0, 0]) + Data("not a header!!!!".utf8)).write(to: file)
            try expectLoadError(file, mentioning: "safetensors header")
            // An escaped newline in a tensor name must not break the one-line message (found by fuzzing).
            try safetensors(header: #"{"a\nb":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 4)
                .write(to: file)
            try expectLoadError(file, mentioning: "control character")
            // Valid JSON naming a tensor with data past the end.
            try safetensors(header: #"{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, dataBytes: 8)
                .write(to: file)
            try expectLoadError(file, mentioning: "truncated")
        }
    }

    @Test("a tensor with the wrong shape")
    func wrongShape() throws {
        let (data, headerLength) = try realHeader()
        var header = try #require(String(data: data[8..<8 + headerLength], encoding: .utf8))
        let name = "encoder.layer.3.attention.self.query.bias"
        let original = #""\#(name)":{"dtype":"F32","shape":[384]"#
        let changed = #""\#(name)":{"dtype":"F32","shape":[12,32]"#  // same bytes, wrong shape
        #expect(header.contains(original))
        header = header.replacingOccurrences(of: original, with: changed)
        // The writer pads the header with spaces; give up two to keep its length and the data's offset.
        #expect(header.hasSuffix("  "))
        header.removeLast(2)
        let mutated = data.prefix(8) + Data(header.utf8) + data[(8 + headerLength)...]
        #expect(mutated.count == data.count)
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("model.safetensors")
            try mutated.write(to: file)
            try expectLoadError(file, mentioning: "'\(name)' has shape [12, 32], expected [384]")
        }
    }

    @Test("a tensor with the wrong dtype, and one missing")
    func wrongDtypeAndMissingTensor() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("model.safetensors")
            let f16 = #"{"embeddings.word_embeddings.weight":{"dtype":"F16","shape":[2,384],"data_offsets":[0,1536]}}"#
            try safetensors(header: f16, dataBytes: 1536).write(to: file)
            try expectLoadError(file, mentioning: "is F16, expected F32")
            try safetensors(header: #"{"__metadata__":{"format":"pt"}}"#, dataBytes: 0).write(to: file)
            try expectLoadError(file, mentioning: "'embeddings.word_embeddings.weight' is missing")
        }
    }

    /// A safetensors file: header length, the JSON padded with spaces to keep the data 8-byte
    /// aligned, then dataBytes zero bytes.
    private func safetensors(header: String, dataBytes: Int) -> Data {
        var json = Data(header.utf8)
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        let length = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) }
        return Data(length) + json + Data(count: dataBytes)
    }
}
