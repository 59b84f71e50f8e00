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
