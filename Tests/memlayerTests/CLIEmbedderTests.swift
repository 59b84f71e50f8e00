import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("memlayer CLI with remote embedders and reindex", .serialized)
struct CLIEmbedderTests {
    /// A loopback server speaking Ollama's `/api/embed`, embedding with a 16-d hashing model.
    private func ollamaServer() throws -> LoopbackHTTPServer {
        let model = HashingEmbedder(dimension: 16)
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/embed", let body = request.jsonBody() as? [String: Any],
                let inputs = body["input"] as? [String]
            else { return .json(#"{"error": "unexpected request"}"#, status: 400) }
            let vectors = inputs.map { model.vector(for: $0).map { Double($0) } }
            let data = try! JSONSerialization.data(withJSONObject: [
                "model": body["model"] ?? "", "embeddings": vectors,
            ])
            return .json(String(decoding: data, as: UTF8.self))
        }
        _ = try server.start()
        return server
    }

    @Test("ollama:MODEL embeds through /api/embed; a store keeps its embedder; reindex switches it")
    func ollamaAndReindex() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ollamaServer()
        defer { server.stop() }
        let environment = ["OLLAMA_HOST": "127.0.0.1:\(server.port)"]
        for text in ["I keep bees in the garden", "My bike is a red Peugeot"] {
            let result = try cli.run(["remember", text, "--embedder", "ollama:tiny-embed"], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
        }
        // One probe learns the dimension for the new store; later runs reuse the stored one.
        #expect(server.requests.filter { $0.path == "/api/embed" }.count == 3)
        let search = try cli.run(
            ["search", "bees garden", "--embedder", "ollama:tiny-embed", "-k", "1"], environment: environment)
        #expect(search.stdout.contains("I keep bees in the garden"), "\(search.stderr)")
        let stats = try cli.run(["stats"])  // needs no embedder: works whatever the store holds
        #expect(stats.status == 0 && stats.stdout.contains("ollama:tiny-embed/16"), "\(stats.stderr)")

        // Without --embedder, the store's own: no probe, the stored dimension.
        let own = try cli.run(["search", "bees garden", "-k", "1"], environment: environment)
        #expect(own.status == 0 && own.stdout.contains("I keep bees in the garden"), "\(own.stderr)")
        #expect(server.requests.filter { $0.path == "/api/embed" }.count == 5)

        let mismatch = try cli.run(["search", "bees", "--embedder", "minilm"])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("ollama:tiny-embed/16"))
        #expect(mismatch.stderr.contains("`memlayer reindex --embedder minilm`"))
        #expect(mismatch.stderr.contains("--embedder ollama:tiny-embed)"), "\(mismatch.stderr)")

        let reindex = try cli.run(["reindex", "--embedder", "minilm"])  // to the built-in MiniLM
        #expect(reindex.status == 0, "\(reindex.stderr)")
        #expect(reindex.stdout.contains("re-embedded 2 memories"))
        let after = try cli.run(["search", "what bicycle do I ride?", "-k", "1", "--json"])
        #expect(after.status == 0 && after.stdout.contains("Peugeot"))
    }

    @Test("reindex while another reindex holds the store: one clear line and a non-zero exit")
    func reindexRefusedWhileAnotherRuns() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["remember", "I keep bees", "--embedder", "hash"]).status == 0)
        // Another process's claim, as a running `memlayer reindex` leaves it.
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        try await store.claimReindexLease(owner: "elsewhere", target: "minilm-l6-v2/384", duration: 600)
        await store.close()

        let refused = try cli.run(["reindex", "--embedder", "hash"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("another reindex (to minilm-l6-v2/384"), "\(refused.stderr)")
        #expect(refused.stderr.contains("wait for it to finish"))

        let reopened = try SQLiteMemoryStore(location: .file(cli.store))
        try await reopened.releaseReindexLease(owner: "elsewhere")
        await reopened.close()
        let done = try cli.run(["reindex", "--embedder", "hash"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("re-embedded 1 memories"))
    }

    @Test("an unreachable Ollama is one clear line, a non-zero exit, and nothing written")
    func ollamaUnreachable() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let result = try cli.run(
            ["remember", "hello", "--embedder", "ollama:tiny-embed"],
            environment: ["OLLAMA_HOST": "127.0.0.1:\(refusing.port)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("ollama serve"))
        let stats = try cli.run(["stats", "--json"])
        #expect(stats.stdout.contains("\"active_memories\" : 0"))
    }
}
