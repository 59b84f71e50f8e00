import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OpenAIEmbedder")
struct OpenAIEmbedderTests {
    static let key = "sk-test-0123456789abcdefKEY"

    static func embedder(_ server: LoopbackHTTPServer, dimension: Int = 3, key: String? = key) throws -> OpenAIEmbedder
    {
        try OpenAIEmbedder(
            model: "text-embedding-3-small", dimension: dimension, baseURL: server.url("/v1"), apiKey: key,
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
    }

    @Test("Sends POST /v1/embeddings with a bearer key and float encoding, and orders data by index")
    func requestAndResponse() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.embeddingsTwo) }
        defer { server.stop() }
        let embedder = try Self.embedder(server)

        let vectors = try await embedder.embed(["first", "second"])

        #expect(vectors == OpenAITranscripts.embeddingsTwoVectors)
        #expect(embedder.id == "openai:text-embedding-3-small/3")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/embeddings")
        #expect(request.headers["Authorization"] == "Bearer \(Self.key)")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(
            canonicalJSON(request.body)
                == canonicalJSON(
                    #"{"model":"text-embedding-3-small","input":["first","second"],"encoding_format":"float"}"#))
    }

    @Test("More than 256 texts go in batches of at most 256, in order")
    func batches() async throws {
        let server = try startServer { request in
            let texts = inputs(of: request.body)
            // Answer in reverse order: the client must sort by index.
            let items = texts.enumerated().reversed().map { (index: $0.offset, vector: [Double($0.element)!, 0.5]) }
            return .json(OpenAITranscripts.embeddings(items))
        }
        defer { server.stop() }
        let texts = (0..<600).map(String.init)

        let vectors = try await Self.embedder(server, dimension: 2).embed(texts)

        #expect(vectors.map { Int($0[0]) } == Array(0..<600))
        #expect(server.requests.map { inputs(of: $0.body).count } == [256, 256, 88])
    }

    @Test("The dimension is learned from one probe request")
    func probesDimension() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.embeddings([(0, [0.1, 0.2, 0.3, 0.4, 0.5])])) }
        defer { server.stop() }

        let embedder = try await OpenAIEmbedder(
            model: "text-embedding-3-small", baseURL: server.url("/v1"), apiKey: Self.key, environment: [:])

        #expect(embedder.dimension == 5)
        #expect(embedder.id == "openai:text-embedding-3-small/5")
        #expect(server.requestCount == 1)
    }

    @Test("OPENAI_BASE_URL and OPENAI_API_KEY come from the environment")
    func environment() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.embeddings([(0, [1, 2, 3])])) }
        defer { server.stop() }
        let embedder = try OpenAIEmbedder(
            model: "text-embedding-3-small", dimension: 3,
            environment: ["OPENAI_BASE_URL": server.url("/v1").absoluteString, "OPENAI_API_KEY": " \(Self.key)\n"])

        #expect(try await embedder.embed(["x"]) == [[1, 2, 3]])
        #expect(server.requests.first?.headers["Authorization"] == "Bearer \(Self.key)")
        #expect(server.requests.first?.path == "/v1/embeddings")
    }

    @Test("Without a key, OpenAI's own API is refused up front with what to export")
    func missingKey() {
        let error = #expect(throws: EmbedderError.self) {
            _ = try OpenAIEmbedder(model: "text-embedding-3-small", dimension: 1536, environment: [:])
        }
        #expect(error?.message.contains("export OPENAI_API_KEY") == true)
        #expect(error?.kind == .remote)
    }

    @Test("A local compatible server needs no key, and none is sent")
    func localServerWithoutKey() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.embeddings([(0, [1, 2, 3])])) }
        defer { server.stop() }

        let embedder = try Self.embedder(server, key: nil)
        _ = try await embedder.embed(["x"])

        #expect(server.requests.first?.headers["Authorization"] == nil)
        #expect(throws: Never.self) {
            _ = try OpenAIEmbedder(
                model: "m", dimension: 3, baseURL: URL(string: "http://localhost:1234/v1")!, environment: [:])
        }
    }

    @Test("401 says to check OPENAI_API_KEY and never shows the key, even when the server echoes it")
    func invalidKey() async throws {
        let server = try startServer { request in
            let sent = String((request.headers["Authorization"] ?? "").dropFirst("Bearer ".count))
            return .json(OpenAITranscripts.invalidKey(echoing: sent), status: 401)
        }
        defer { server.stop() }
        let embedder = try Self.embedder(server)

        let error = await embedderError { _ = try await embedder.embed(["x"]) }

        let message = try #require(error?.message)
        #expect(message.contains("OPENAI_API_KEY"))
        #expect(message.contains("401"))
        #expect(message.contains("invalid_api_key"))
        #expect(!message.contains(Self.key))
        #expect(!String(describing: error).contains(Self.key))
        #expect(server.requestCount == 1, "a 401 is not retried")
        expectHidden(Self.key, in: embedder)
    }

    @Test("An unknown model names the model and carries OpenAI's message")
    func modelNotFound() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.modelNotFound, status: 404) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["x"]) }

        #expect(error?.message.contains("\"text-embedding-3-small\"") == true)
        #expect(error?.message.contains("does not exist or you do not have access to it") == true)
        #expect(error?.message.contains("model_not_found") == true)
    }

    @Test("A 429 is retried and the retry succeeds")
    func rateLimitRetried() async throws {
        let server = try startServer { request in
            request.index == 0
                ? .json(OpenAITranscripts.rateLimited, status: 429, headers: ["Retry-After": "0"])
                : .json(OpenAITranscripts.embeddings([(0, [1, 2, 3])]))
        }
        defer { server.stop() }

        #expect(try await Self.embedder(server).embed(["x"]) == [[1, 2, 3]])
        #expect(server.requestCount == 2)
    }

    @Test("An exhausted quota says to check billing after the retries")
    func quotaExhausted() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.insufficientQuota, status: 429) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["x"]) }

        #expect(server.requestCount == 3)
        #expect(error?.message.contains("HTTP 429 insufficient_quota") == true)
        #expect(error?.message.contains("billing") == true)
    }

    @Test("Compatible servers' errors with numeric codes keep the status and message")
    func numericErrorCode() async throws {
        let server = try startServer { _ in .json(OpenAITranscripts.llamaServerError, status: 400) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["x"]) }

        #expect(error?.message.contains("HTTP 400 to POST /embeddings") == true)
        #expect(error?.message.contains("input is too large to process") == true)
        #expect(error?.message.contains("OpenAI-compatible server at 127.0.0.1") == true)
    }

    @Test("base64 vectors from servers that ignore encoding_format are decoded")
    func base64Vectors() async throws {
        let floats: [Float] = [1.5, -2.25, 0.125]
        var bytes = Data()
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        let body =
            #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":"\#(bytes.base64EncodedString())"}],"model":"m"}"#
        let server = try startServer { _ in .json(body) }
        defer { server.stop() }

        #expect(try await Self.embedder(server).embed(["x"]) == [floats])
    }

    @Test(
        "Wrong indices, counts, dimensions or JSON fail clearly",
        arguments: [
            (OpenAITranscripts.embeddings([(0, [1, 2, 3]), (0, [1, 2, 3])]), "indices [0, 0]"),
            (OpenAITranscripts.embeddings([(0, [1, 2, 3])]), "returned 1 vectors for 2 texts"),
            (OpenAITranscripts.embeddings([(0, [1, 2, 3]), (1, [1, 2])]), "2-dimensional vector"),
            (#"{"object":"list","data":[{"index":0}]}"#, "not the expected JSON"),
            ("<html>502 Bad Gateway</html>", "not the expected JSON"),
        ])
    func malformed(body: String, expected: String) async throws {
        let server = try startServer { _ in .json(body) }
        defer { server.stop() }

        let error = await embedderError { _ = try await Self.embedder(server).embed(["a", "b"]) }

        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
    }

    @Test("An unreachable server is reported with its address")
    func notReachable() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let embedder = try OpenAIEmbedder(
            model: "m", dimension: 3, baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, apiKey: Self.key,
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])

        let error = await embedderError { _ = try await embedder.embed(["x"]) }

        #expect(error?.message.contains("Could not reach") == true)
        #expect(error?.message.contains("127.0.0.1:\(port)/v1") == true)
        #expect(error?.message.contains(Self.key) == false)
    }
}
