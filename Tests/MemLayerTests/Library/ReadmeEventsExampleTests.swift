import Foundation
import MemLayer
import MemLayerTesting
import Synchronization
import Testing

/// The README's extraction-events example, run with the one-line client against a loopback
/// Ollama (the store and host are the only additions), with the default salience gate.
@Suite("The README's extraction-events example", .timeLimit(.minutes(1)))
struct ReadmeEventsExampleTests {
    /// The lines of the README example this test runs; the test fails when the README drifts.
    static let exampleLines = [
        "let events = client.extractionEvents()",
        "    for await event in events {",
        "        if case .finished(let report) = event, case .extracted(let summary) = report.outcome {",
        #"_ = try await client.chat([.user("I work at Acme Corp")])"#,
        "await client.close()",
        "await listener.value",
    ]

    @Test("the README shows the lines this test runs")
    func readmeMatches() throws {
        let readme = try String(
            contentsOf: ReadmeLibraryExampleTests.repositoryRoot.appending(path: "README.md"), encoding: .utf8)
        for line in Self.exampleLines {
            #expect(readme.contains(line), "README.md lacks: \(line)")
        }
    }

    @Test("the listener hears the turn's extraction, and its loop ends when the client closes")
    func runsAsWritten() async throws {
        let directory = try TemporaryDirectory()
        let server = try ExtractionScript.server(
            chat: [OllamaScript.answer(["Noted."])],
            extraction: [
                ExtractionScript.reply(#"{"facts": [{"text": "User works at Acme Corp.", "importance": 0.8}]}"#)
            ])
        defer { server.stop() }
        let client = try await MemoryClient(
            ollama: "llama3.2", user: "alice", store: .file(directory.path("memory.sqlite")), host: server.baseURL)
        let printed = PrintedLines()

        // The example, as in the README (`print` collected):
        let events = client.extractionEvents()
        let listener = Task {
            for await event in events {
                if case .finished(let report) = event, case .extracted(let summary) = report.outcome {
                    printed.append("job \(report.jobID): \(summary.addedFactIDs.count) facts")
                }
            }
        }
        _ = try await client.chat([.user("I work at Acme Corp")])
        await client.close()
        await listener.value

        #expect(printed.all == ["job 1: 1 facts"])
    }
}

/// What the example would have printed.
private final class PrintedLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}
