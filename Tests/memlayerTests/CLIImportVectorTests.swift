import Foundation
import Testing

/// Supplied embeddings are checked line by line before anything is embedded.
@Suite("memlayer import vectors", .serialized)
struct CLIImportVectorTests {
    private static func line(_ text: String, embedding: [Double]) -> String {
        let numbers = embedding.map { String($0) }.joined(separator: ",")
        return #"{"text": "\#(text)", "embedding": [\#(numbers)]}"#
    }

    @Test("an all-zero embedding is refused, naming its line")
    func allZero() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file(
            "zero.jsonl", #"{"text": "fine"}"# + "\n" + Self.line("zeros", embedding: Array(repeating: 0, count: 384)))
        let result = try cli.run(["import", file])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 2") && result.stderr.contains("all zeros"), "\(result.stderr)")
    }

    @Test("a wrong-dimension embedding is refused with its line, before any text is embedded")
    func wrongDimension() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let lines = (0..<5).map { #"{"text": "memory \#($0)"}"# } + [Self.line("short", embedding: [0.1, 0.2, 0.3])]
        let file = try cli.file("short.jsonl", lines.joined(separator: "\n"))
        let result = try cli.run(["import", file])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 6") && result.stderr.contains("384"), "\(result.stderr)")
    }
}
