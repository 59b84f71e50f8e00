import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// A redirect is reported as one, with where it points, not as a stream that ended early.
@Suite("Redirects")
struct RedirectTests {
    @Test("HTTP 302 from a chat endpoint is a bad request naming the redirect")
    func chatRedirect() async throws {
        let server = try startServer { _ in
            .text("<html>Found</html>", status: 302, contentType: "text/html", headers: ["Location": "https://example.org/v1"])
        }
        defer { server.stop() }
        let error = await chatStreamError(try openAIProvider(server).stream(ChatRequest(messages: [.user("hi")])))
        let message = error?.message ?? ""
        #expect(error?.kind == .badRequest)
        #expect(error?.status == 302)
        #expect(message.contains("HTTP 302") && message.contains("redirected to https://example.org/v1"), "\(message)")
        #expect(!message.contains("stream ended"))
    }
}

extension RedirectTests {
    @Test("HTTP 301 to an embedding request is an error naming the redirect, not malformed JSON")
    func embedderRedirect() async throws {
        let server = try startServer { _ in
            .text("Moved", status: 301, headers: ["Location": "http://elsewhere.invalid/api/embed"])
        }
        defer { server.stop() }
        let error = await #expect(throws: EmbedderError.self) {
            _ = try await OllamaEmbedderTests.embedder(server).embed(["hello"])
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("301") && text.contains("redirected to http://elsewhere.invalid"), "\(text)")
    }
}
