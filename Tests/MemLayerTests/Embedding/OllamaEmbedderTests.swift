import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OllamaEmbedder")
struct OllamaEmbedderTests {
    static func embedder(
        _ server: LoopbackHTTPServer, model: String = "all-minilm", dimension: Int = 4, batchSize: Int = 64
    )
        -> OllamaEmbedder
    {
        OllamaEmbedder(
            model: model, dimension: dimension, host: "127.0.0.1:\(server.port)", batchSize: batchSize,
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
    }

    @Test("Sends POST /api/embed with model and input, and parses embeddings in order")
    func requestAndResponse() async throws {
        let server = try startServer { _ in .json(OllamaTranscripts.embedTwo) }
        defer { server.stop() }
        let embedder = Self.embedder(server)

        let vectors = try await embedder.embed(["Why is the sky blue?", "Why is the grass green?"])

        #expect(vectors == OllamaTranscripts.embedTwoVectors)
        #expect(embedder.id == "ollama:all-minilm/4")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/api/embed")
        #expect(request.query == nil)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Authorization"] == nil)
        #expect(
            canonicalJSON(request.body)
                == canonicalJSON(#"{"model":"all-minilm","input":["Why is the sky blue?","Why is the grass green?"]}"#))
    }

    @Test("truncate is sent only when set")
    func truncateOption() async throws {
        let server = try startServer { _ in .json(OllamaTranscripts.embed([[1, 0, 0, 0]])) }
        defer { server.stop() }
        let embedder = OllamaEmbedder(
            model: "all-minilm", dimension: 4, host: "http://127.0.0.1:\(server.port)", truncate: false,
            environment: [:])

        _ = try await embedder.embed(["a/b \"quoted\" ünïcode"])

        #expect(
            canonicalJSON(try #require(server.requests.first).body)
                == canonicalJSON(#"{"model":"all-minilm","input":["a/b \"quoted\" ünïcode"],"truncate":false}"#))
    }

    @Test("The dimension is learned from one probe request")
    func probesDimension() async throws {
        let server = try startServer { _ in
            .json(OllamaTranscripts.embed(model: "nomic-embed-text", [[0.1, 0.2, 0.3]]))
        }
        defer { server.stop() }

        let embedder = try await OllamaEmbedder(
            model: "nomic-embed-text", host: "127.0.0.1:\(server.port)", environment: [:])

        #expect(embedder.dimension == 3)
        #expect(embedder.id == "ollama:nomic-embed-text/3")
        #expect(server.requestCount == 1)
        #expect(inputs(of: try #require(server.requests.first).body).count == 1)
    }

    @Test("Large inputs are sent in batches and come back in order")
    func batches() async throws {
        let server = try startServer { request in
            let texts = inputs(of: request.body)
            return .json(OllamaTranscripts.embed(texts.map { [Double($0.dropFirst())!, 1] }))
        }
        defer { server.stop() }
        let texts = (0..<5).map { "t\($0)" }

        let vectors = try await Self.embedder(server, dimension: 2, batchSize: 2).embed(texts)

        #expect(vectors.map { $0[0] } == [0, 1, 2, 3, 4])
        #expect(server.requests.map { inputs(of: $0.body) } == [["t0", "t1"], ["t2", "t3"], ["t4"]])
    }

    @Test("No texts, no request")
    func emptyInput() async throws {
        let server = try startServer { _ in .json(OllamaTranscripts.embedTwo) }
        defer { server.stop() }

        #expect(try await Self.embedder(server).embed([]).isEmpty)
        #expect(server.requestCount == 0)
    }

    @Test("OLLAMA_HOST in the environment chooses the server")
    func hostFromEnvironment() async throws {
        let server = try startServer { _ in .json(OllamaTranscripts.embed([[1, 2]])) }
        defer { server.stop() }
        let embedder = OllamaEmbedder(
            model: "m", dimension: 2, environment: ["OLLAMA_HOST": " \"127.0.0.1:\(server.port)\" "])

        #expect(embedder.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")
        #expect(try await embedder.embed(["x"]) == [[1, 2]])
        #expect(server.requestCount == 1)
    }

    @Test(
        "A missing model says to run ollama pull",
        arguments: [
            OllamaTranscripts.modelNotPulled, OllamaTranscripts.modelNotFound,
        ])
    func modelMissing(body: String) async throws {
        let server = try startServer { _ in .json(body, status: 404) }
        defer { server.stop() }

        let error = await embedderError {
            _ = try await Self.embedder(server, model: "nomic-embed-text").embed(["x"])
        }

        #expect(error?.kind == .remote)
        #expect(error?.message.contains("`ollama pull nomic-embed-text`") == true)
        #expect(error?.message.contains("not found") == true)
        #expect(server.requestCount == 1, "a 404 is not retried")
    }

    @Test("An unreachable server says to run ollama serve and mentions OLLAMA_HOST")
    func notReachable() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let embedder = OllamaEmbedder(
            model: "m", dimension: 2, host: "127.0.0.1:\(port)", transport: HTTPTransport(retryPolicy: quickRetries),
            environment: [:])

        let error = await embedderError { _ = try await embedder.embed(["x"]) }

        #expect(error?.kind == .remote)
        #expect(error?.message.contains("`ollama serve`") == true)
        #expect(error?.message.contains("OLLAMA_HOST") == true)
        #expect(error?.message.contains("http://127.0.0.1:\(port)") == true)
    }

    @Test("Server errors carry the status and Ollama's own message")
    func serverError() async throws {
        let server = try startServer { _ in .json(OllamaTranscripts.nonFinite, status: 400) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["x"]) }

        #expect(error?.message.contains("HTTP 400") == true)
        #expect(error?.message.contains("embedding contains NaN or Inf values") == true)
    }

    @Test("A 500 on every attempt is retried, then reported with Ollama's message")
    func serverErrorRetried() async throws {
        let server = try startServer { _ in .json(#"{"error":"llama runner process has terminated"}"#, status: 500) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["x"]) }

        #expect(server.requestCount == 3)
        #expect(error?.message.contains("HTTP 500") == true)
        #expect(error?.message.contains("llama runner process has terminated") == true)
    }

    @Test(
        "Malformed answers fail with a clear message",
        arguments: [
            ("not json at all", "not the expected JSON"),
            (#"{"model":"m"}"#, "not the expected JSON"),
            (#"{"embeddings":[[1,2,3,4]]}"#, "returned 1 vectors for 2 texts"),
            (#"{"embeddings":[[1,2,3,4],[1,2,3]]}"#, "3-dimensional vector"),
            (#"{"embeddings":[[1,2,3,4],[1,2,3,1e39]]}"#, "non-finite"),
            (#"{"embeddings":[[1,2,3,4],[1,2,3,NaN]]}"#, "non-finite"),
            ("", "an empty body"),
        ])
    func malformed(body: String, expected: String) async throws {
        let server = try startServer { _ in .json(body) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["a", "b"]) }

        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
    }

    @Test("A vector of the wrong dimension is a dimension error")
    func wrongDimension() async throws {
        let server = try startServer { _ in .json(OllamaTranscripts.embed([[1, 2, 3]])) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server, dimension: 4).embed(["a"]) }

        #expect(error?.kind == .dimension)
        #expect(error?.message.contains("ollama:all-minilm/4") == true)
    }
}
