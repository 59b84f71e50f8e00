import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Every provider streams through one driver, which masks secrets in the errors a stream ends
/// with: an error the service sends mid-answer may echo the key.
@Suite("Chat streams keep keys out of mid-answer errors")
struct ProviderStreamSecretTests {
    static let request = ChatRequest(messages: [.user("Hi")])

    @Test("Claude: an error event that echoes the key ends the stream without it")
    func claude() async throws {
        let server = try startServer { request in
            let echoed = request.headers["x-api-key"] ?? ""
            return .stream([
                .init(
                    ClaudeTranscripts.messageStart() + ClaudeTranscripts.textStart(0)
                        + ClaudeTranscripts.textDelta(0, "Hel")
                        + ClaudeTranscripts.event(
                            "error", ClaudeTranscripts.errorBody("api_error", "bad key \(echoed)")))
            ])
        }
        defer { server.stop() }

        let record = await recordChatStream(ClaudeChatProviderTests.provider(server).stream(Self.request))

        #expect(record.events == [.text("Hel")])
        #expect(record.providerError?.kind == .server)
        #expect(record.providerError?.message.contains("bad key") == true)
        #expect(record.providerError?.message.contains(ClaudeChatProviderTests.key) == false)
    }

    @Test("Gemini: an error object that echoes the key ends the stream without it")
    func gemini() async throws {
        let server = try startServer { request in
            let echoed = request.headers["x-goog-api-key"] ?? ""
            return .stream([
                .init(
                    GeminiTranscripts.chunk(GeminiTranscripts.text("Hel"))
                        + GeminiTranscripts.event(
                            #"{"error": {"code": 500,"message": "bad key \#(echoed)","status": "INTERNAL"}}"#))
            ])
        }
        defer { server.stop() }

        let record = await recordChatStream(GeminiChatProviderTests.provider(server).stream(Self.request))

        #expect(record.events == [.text("Hel")])
        #expect(record.providerError?.kind == .server)
        #expect(record.providerError?.message.contains("bad key") == true)
        #expect(record.providerError?.message.contains(GeminiChatProviderTests.key) == false)
    }

    @Test("Ollama: an error line holding something shaped like an API key ends the stream without it")
    func ollama() async throws {
        let server = try startServer { _ in
            ollamaStream(
                OllamaChatTranscripts.body([
                    #"{"model":"llama3.2","message":{"role":"assistant","content":"The sky is"},"done":false}"#,
                    #"{"error":"upstream refused key \#(openAITestKey)"}"#,
                ]))
        }
        defer { server.stop() }

        let record = await recordChatStream(ollamaProvider(server).stream(Self.request))

        #expect(record.events == [.text("The sky is")])
        #expect(record.providerError?.kind == .server)
        #expect(record.providerError?.message.contains("upstream refused key") == true)
        #expect(record.providerError?.message.contains("T3stK3y") == false)
    }
}
