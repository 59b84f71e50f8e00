import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The README's library example, run as written against a loopback Ollama (the store and host
/// are the only additions: a temporary file and the loopback address), with the built-in MiniLM.
@Suite("The README's library example")
struct ReadmeLibraryExampleTests {
    /// The lines of the README example this test runs; the test fails when the README drifts.
    static let exampleLines = [
        #"let client = try await MemoryClient(ollama: "llama3.2", user: "alice")"#,
        #"try await client.memories.add("I work at Acme Corp")"#,
        #"for try await chunk in client.stream([.user("My sister Dana moved to Porto.")]) {"#,
        #"let found = try await client.memories.search("where does my sister live?")"#,
        "await client.close()",
    ]

    @Test("the README shows the lines this test runs")
    func readmeMatches() throws {
        let readme = try String(contentsOf: Self.repositoryRoot.appending(path: "README.md"), encoding: .utf8)
        for line in Self.exampleLines {
            #expect(readme.contains(line), "README.md lacks: \(line)")
        }
    }

    @Test("one line makes a client; its turn is extracted by close, which closes only the store it opened")
    func runsAsWritten() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("memory.sqlite")
        let server = try ExtractionScript.server(
            chat: [OllamaScript.answer(["Noted", " — Porto it is."])],
            extraction: [ExtractionScript.reply(#"{"facts": [{"text": "User's sister Dana lives in Porto.", "importance": 0.8}]}"#)])

        // The example, as in the README:
        let client = try await MemoryClient(ollama: "llama3.2", user: "alice", store: .file(path), host: server.baseURL)
        try await client.memories.add("I work at Acme Corp")
        var answer = ""
        for try await chunk in client.stream([.user("My sister Dana moved to Porto.")]) {
            answer += chunk
        }
        let found = try await client.memories.search("where does my sister live?")
        await client.close()  // waits for the turn's extraction, then closes the store it opened

        #expect(answer == "Noted — Porto it is.")
        #expect(found.hits.first?.memory.text.contains("Porto") == true)  // the kept turn, before extraction
        let reopened = try SQLiteMemoryStore(location: .file(path))
        let engine = try await MemoryEngine(store: reopened, embedder: try MiniLMEmbedder())
        let memories = engine.memories(of: "alice")
        let texts = try await memories.list().map(\.text)
        #expect(texts.contains("I work at Acme Corp"))
        #expect(texts.contains("User's sister Dana lives in Porto."))
        #expect(try await reopened.queuedJobs().isEmpty)
        let facts = try await memories.search("where does my sister live?").hits.map(\.memory)
        #expect(facts.contains { $0.kind == .fact && $0.text.contains("Porto") })
        await reopened.close()
    }

    @Test("a client made from the caller's engine leaves the caller's store open")
    func callerKeepsTheStore() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Noted."])])
        await fixture.client.close()
        // Still open: the caller made it, the caller closes it.
        _ = try await fixture.store.engine.remember("still writable", userID: "alice")
        #expect(try await fixture.store.store.memories(userID: "alice").contains { $0.text == "still writable" })
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}
