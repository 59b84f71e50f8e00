import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OllamaChatProvider failures")
struct OllamaChatFailureTests {
    static let question = ChatRequest(messages: [.user("Why is the sky blue?")])

    @Test(
        "A missing model is .modelNotFound and says to run ollama pull",
        arguments: [OllamaChatTranscripts.modelNotFound, OllamaChatTranscripts.modelNotPulled])
    func modelNotFound(body: String) async throws {
        let server = try startServer { _ in .json(body, status: 404) }
        defer { server.stop() }

        let error = await chatStreamError(ollamaProvider(server, model: "llama9").stream(Self.question))

        #expect(error?.kind == .modelNotFound)
        #expect(error?.status == 404)
        #expect(error?.provider == "Ollama")
        #expect(error?.message.contains("`ollama pull llama9`") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("pass --model") == true)
        #expect(error?.message.contains("not found") == true)
        #expect(server.requestCount == 1, "a 404 is not retried")
    }

    @Test("A 404 from something that is not Ollama points at OLLAMA_HOST, not at ollama pull")
    func notOllama() async throws {
        let server = try startServer { _ in .text(OllamaChatTranscripts.notOllama, status: 404) }
        defer { server.stop() }

        let error = await chatStreamError(ollamaProvider(server).stream(Self.question))

        #expect(error?.kind == .badRequest)
        #expect(error?.message.contains("OLLAMA_HOST") == true)
        #expect(error?.message.contains("ollama pull") == false)
    }

    @Test(
        "A model without tool support is .toolsUnsupported",
        arguments: [OllamaChatTranscripts.toolsUnsupportedFullName, OllamaChatTranscripts.toolsUnsupportedQuoted])
    func toolsUnsupported(body: String) async throws {
        let server = try startServer { _ in .json(body, status: 400) }
        defer { server.stop() }

        let error = await chatStreamError(
            ollamaProvider(server, model: "gemma:2b").stream(
                ChatRequest(messages: [.user("Weather?")], tools: [ChatTestFixtures.weatherTool])))

        #expect(error?.kind == .toolsUnsupported)
        #expect(error?.status == 400)
        #expect(error?.message.contains("does not support tools") == true)
        #expect(server.requestCount == 1)
    }

    @Test(
        "Status codes map to kinds, with Ollama's own message",
        arguments: [
            (400, #"{"error":"invalid options: num_predict"}"#, ProviderError.Kind.badRequest, "invalid options"),
            (401, OllamaChatTranscripts.unauthorized, .authentication, "unauthorized"),
            (429, #"{"error":"too many requests"}"#, .rateLimited, "too many requests"),
            (500, OllamaChatTranscripts.runnerFailed, .server, "llama runner process has terminated"),
        ])
    func statuses(status: Int, body: String, kind: ProviderError.Kind, text: String) async throws {
        let server = try startServer { _ in .json(body, status: status) }
        defer { server.stop() }

        let error = await chatStreamError(ollamaProvider(server).stream(Self.question))

        expectProviderError(error, kind, status: status, provider: "Ollama", saying: ["HTTP \(status)", text])
        #expect(server.requestCount == ([429, 500].contains(status) ? 3 : 1), "429 and 5xx are retried")
    }

    @Test("An unreachable server is .unreachable and says to start ollama serve")
    func unreachable() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let provider = OllamaChatProvider(
            model: "llama3.2", host: refusing.url(), transport: HTTPTransport(retryPolicy: quickRetries),
            environment: [:])

        let error = await chatStreamError(provider.stream(Self.question))

        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("is Ollama running? start it with `ollama serve` (or set OLLAMA_HOST)") == true)
        #expect(error?.message.contains("127.0.0.1:\(refusing.port)") == true)
    }

    @Test("An error line mid-stream is .server after the text that came before it")
    func errorMidStream() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.errorMidStream) }
        defer { server.stop() }

        let record = await recordChatStream(ollamaProvider(server).stream(Self.question))

        #expect(record.events == [.text("The sky is")])
        #expect(record.providerError?.kind == .server)
        #expect(record.providerError?.message.contains("an error was encountered while running the model") == true)
    }

    @Test("A connection dropped mid-stream is .interrupted, never a short success")
    func droppedMidStream() async throws {
        let body = OllamaChatTranscripts.plain
        let cut = body.utf8.count / 2
        let server = try startServer { _ in
            ollamaStream(body).droppingConnection(afterBodyBytes: cut)
        }
        defer { server.stop() }

        let record = await recordChatStream(ollamaProvider(server).stream(Self.question))

        #expect(record.providerError?.kind == .interrupted)
        #expect(record.finish == nil)
        #expect(!record.text.isEmpty && record.text != OllamaChatTranscripts.plainText)
    }

    @Test("A body that ends cleanly without the done line is .interrupted too")
    func endsWithoutDone() async throws {
        let lines = OllamaChatTranscripts.plain.split(separator: "\n").dropLast().map(String.init)
        let server = try startServer { _ in
            .stream(
                [.init(OllamaChatTranscripts.body(lines))], contentType: "application/x-ndjson", framing: .untilClose)
        }
        defer { server.stop() }

        let record = await recordChatStream(ollamaProvider(server).stream(Self.question))

        #expect(record.providerError?.kind == .interrupted)
        #expect(record.text == "Grüße aus 世界 👋 (1 < 2)")
        #expect(record.finish == nil)
    }

    @Test("A line that is not JSON is .malformedResponse")
    func malformedLine() async throws {
        let server = try startServer { _ in ollamaStream("<html>proxy error</html>\n") }
        defer { server.stop() }

        let error = await chatStreamError(ollamaProvider(server).stream(Self.question))

        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains("<html>proxy error</html>") == true)
    }

    @Test("A server that never answers is .timeout after the idle timeout")
    func neverAnswers() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let started = ContinuousClock.now

        let error = await chatStreamError(ollamaProvider(server, idleTimeout: .milliseconds(300)).stream(Self.question))

        #expect(error?.kind == .timeout)
        #expect(error?.message.contains("loading") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.requestCount == 1, "an idle timeout is not retried")
    }

    @Test("A stream that stalls after its first line times out with the text so far")
    func stallsMidStream() async throws {
        let lines = OllamaChatTranscripts.plain.split(separator: "\n").map { String($0) + "\n" }
        let server = try startServer { _ in
            .stream([.init(lines[0]), .init(lines[1], after: .seconds(10))], contentType: "application/x-ndjson")
        }
        defer { server.stop() }

        let record = await recordChatStream(
            ollamaProvider(server, idleTimeout: .milliseconds(300)).stream(Self.question))

        #expect(record.events == [.text("Grü")])
        #expect(record.providerError?.kind == .timeout)
    }
}
