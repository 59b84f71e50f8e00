import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// A server that echoes the key transformed (upper-cased, base64-encoded, cut short) or sends a
/// huge error body gets neither the key nor the whole body into the error the user sees.
@Suite("Secret echoes")
struct SecretEchoTests {
    /// Not shaped like any known vendor's key, so only the request's own secret list can catch it.
    static let key = "my-proxy-token-4f9a2c71e0b3"

    static func echoes(of key: String) -> [String] {
        [
            key.uppercased(),
            Data(key.utf8).base64EncodedString(),
            Data("user:\(key)".utf8).base64EncodedString(),
            String(key.prefix(12)) + "…",
        ]
    }

    @Test("an HTTP 401 body echoing the key in other forms reaches the error without any of them")
    func errorStatus() async throws {
        for echo in Self.echoes(of: Self.key) {
            let server = try startServer { _ in
                .json(#"{"error":{"message":"Invalid key \#(echo) supplied","type":"invalid_request_error"}}"#, status: 401)
            }
            defer { server.stop() }
            let provider = try openAIProvider(server, key: Self.key)
            let error = await chatStreamError(provider.stream(ChatRequest(messages: [.user("hi")])))
            let message = error?.message ?? ""
            #expect(message.contains("Invalid key"), "\(message)")
            #expect(!message.contains(echo), "echo \(echo) leaked: \(message)")
            #expect(!message.lowercased().contains("4f9a2c"), "\(message)")
        }
    }

    @Test("an error sent mid-stream with a huge echoing body ends in a short, redacted message")
    func hugeMidStreamError() async throws {
        let filler = String(repeating: "details ", count: 20_000)
        let server = try startServer { _ in
            sseStream(
                #"data: {"choices":[{"index":0,"delta":{"content":"The"}}]}"# + "\n\n"
                    + #"data: {"error":{"message":"key \#(Self.key.uppercased()) refused; \#(filler)"}}"# + "\n\n")
        }
        defer { server.stop() }

        let error = await chatStreamError(
            try openAIProvider(server, key: Self.key).stream(ChatRequest(messages: [.user("hi")])))

        let message = error?.message ?? ""
        #expect(message.count <= 600, "\(message.count) characters")
        #expect(message.contains("refused"))
        #expect(!message.lowercased().contains("4f9a2c"))
    }
}
