import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// The online mode against a real HTTP server on loopback that speaks Ollama's `/api/embed`,
/// embedding with the hashing embedder so the vectors are known in advance.
@Suite("Online salience over Ollama's /api/embed")
struct OnlineSalienceTests {
    static let model = HashingEmbedder(dimension: 64)

    /// An Ollama-compatible embed endpoint backed by ``model``.
    static func ollamaServer() throws -> LoopbackHTTPServer {
        try startServer { request in
            guard request.path == "/api/embed" else { return .json(#"{"error":"not found"}"#, status: 404) }
            let vectors = inputs(of: request.body).map { model.vector(for: $0).map(Double.init) }
            return .json(OllamaTranscripts.embed(model: "all-minilm", vectors))
        }
    }

    static func embedder(_ server: LoopbackHTTPServer) -> OllamaEmbedder {
        OllamaEmbedder(
            model: "all-minilm", dimension: 64, host: "127.0.0.1:\(server.port)",
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
    }

    static func prototypes() throws -> SaliencePrototypes {
        try SaliencePrototypes(salient: SmallPrototypes.salient, nonSalient: SmallPrototypes.nonSalient)
    }

    @Test("prototypes go out in one request, then one request per text the rules leave open")
    func requests() async throws {
        let server = try Self.ollamaServer()
        defer { server.stop() }
        let fixture = try await StoreFixture()
        let gate = try await SalienceConfiguration(
            mode: .online, embedder: Self.embedder(server), store: fixture.store, prototypes: Self.prototypes()
        ).makeGate()

        #expect(server.requestCount == 1)
        let first = try #require(server.requests.first)
        #expect(first.method == "POST" && first.path == "/api/embed")
        #expect(inputs(of: first.body) == SmallPrototypes.salient + SmallPrototypes.nonSalient)
        #expect(canonicalJSON(first.body)?.contains(#""model":"all-minilm""#) == true)

        let text = "the ferry to Porto was late again"  // left open by the rules
        let decision = try await gate.evaluate(text)
        try #require(server.requestCount == 2)
        #expect(inputs(of: server.requests[1].body) == [text])
        #expect(decision.reason.hasPrefix("online: margin "))

        _ = try await gate.evaluate("thanks!")  // settled by the rules
        #expect(server.requestCount == 2)
    }

    @Test("online decisions equal local ones made with the same vectors")
    func sameAsLocal() async throws {
        let server = try Self.ollamaServer()
        defer { server.stop() }
        let online = try await PrototypeSalienceGate(
            embedder: Self.embedder(server), prototypes: Self.prototypes(), rules: nil, label: "online")
        let local = try await PrototypeSalienceGate(embedder: Self.model, prototypes: Self.prototypes(), rules: nil)
        for text in ["my cat hates the vet", "what is the capital of Chile", "I work nights at the clinic"] {
            let remote = try await online.evaluate(text)
            let here = try await local.evaluate(text)
            #expect(abs(remote.score - here.score) < 1e-6, "\(text)")
            #expect(remote.isSalient == here.isSalient)
        }
    }

    @Test("a second online gate on the same store sends no prototypes")
    func cached() async throws {
        let server = try Self.ollamaServer()
        defer { server.stop() }
        let fixture = try await StoreFixture()
        let configuration = SalienceConfiguration(
            mode: .online, embedder: Self.embedder(server), store: fixture.store, prototypes: try Self.prototypes())
        _ = try await configuration.makeGate()
        _ = try await configuration.makeGate()
        #expect(server.requestCount == 1)
    }

    @Test("a failing server fails the gate's creation with Ollama's message")
    func serverDown() async throws {
        let server = try startServer { _ in .json(#"{"error":"model \"all-minilm\" not found"}"#, status: 404) }
        defer { server.stop() }
        let error = await embedderError {
            _ = try await SalienceConfiguration(
                mode: .online, embedder: Self.embedder(server), prototypes: Self.prototypes()
            ).makeGate()
        }
        #expect(error?.kind == .remote)
        #expect(error?.message.contains("ollama pull all-minilm") == true)
    }
}
