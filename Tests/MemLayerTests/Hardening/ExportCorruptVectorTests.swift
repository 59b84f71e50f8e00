import Foundation
import MemLayer
import Testing

/// `memlayer export --embeddings` on a store with a NaN vector: every memory is exported, the
/// damaged one without its vector, and the note names it.
@Suite("Export with a corrupt vector")
struct ExportCorruptVectorTests {
    /// The `memlayer` binary beside the test bundle.
    private static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("memlayer")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("memlayer")
    }

    @Test("a NaN vector is left out with a note naming the memory; the export succeeds")
    func nanVector() async throws {
        let fixture = try await StoreFixture()
        let broken = try await fixture.engine.remember("I keep bees", userID: "default")
        try await fixture.engine.remember("I grow tomatoes", userID: "default")
        await fixture.store.close()
        var bytes: [UInt8] = []
        for value in [Float.nan] + Array(repeating: Float(0.1), count: 383) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        try RawSQLite(path: fixture.path).setEmbedding(externalID: broken.id, bytes: bytes)

        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["export", "--embeddings", "--embedder", "hash", "--store", fixture.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains(broken.id), "\(stderr)")
        let lines = stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let bees = lines.first { $0.contains("I keep bees") } ?? ""
        #expect(!bees.contains("\"embedding\""))
        #expect(lines.first { $0.contains("tomatoes") }?.contains("\"embedding\"") == true)
    }
}
