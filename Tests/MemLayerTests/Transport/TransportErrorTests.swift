import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("TransportError never shows secrets")
struct TransportErrorTests {
    static let key = "sk-test-SECRET0123456789abcdef"
    static let googleKey = "AIzaSyTESTKEY0123456789abcdefghijklm"

    static func secretHeaders() -> HTTPHeaders {
        [
            "Authorization": "Bearer \(key)",
            "x-api-key": key,
            "x-goog-api-key": googleKey,
            "Content-Type": "application/json",
        ]
    }

    static func allText(_ error: TransportError) -> String {
        [
            error.description, String(describing: error), String(reflecting: error), error.url,
            error.detail ?? "", error.bodyExcerpt ?? "",
            error.responseBody.map { String(decoding: $0, as: UTF8.self) } ?? "",
        ].joined(separator: "\n")
    }

    @Test("A server that echoes the key in its 401 body does not leak it into the error")
    func echoedKeyIsScrubbed() async throws {
        let server = try startServer { request in
            let sent = request.headers["Authorization"] ?? ""
            let body =
                #"{"error":{"message":"Incorrect API key provided: \#(sent.dropFirst(7)). Header was \#(sent)","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
            return .json(body, status: 401)
        }
        defer { server.stop() }
        let url = URL(
            string:
                "http://user:hunter22@127.0.0.1:\(server.port)/v1/embeddings?key=\(Self.googleKey)&api_key=abc123&mode=fast"
        )!

        let error = await transportError {
            _ = try await HTTPTransport().send(
                HTTPRequest(
                    method: "POST", url: url, headers: Self.secretHeaders(), body: Data("{}".utf8),
                    serviceName: "OpenAI"))
        }

        let text = Self.allText(try #require(error))
        #expect(!text.contains(Self.key))
        #expect(!text.contains("SECRET0123456789"))
        #expect(!text.contains(Self.googleKey))
        #expect(!text.contains("hunter22"))
        #expect(!text.contains("abc123"))
        #expect(text.contains("OpenAI"))
        #expect(text.contains("HTTP 401"))
        #expect(text.contains("invalid_api_key"))
        #expect(text.contains("[REDACTED]"))
        #expect(error?.url == "http://127.0.0.1:\(server.port)/v1/embeddings?mode=fast")
        #expect(server.requests.first?.headers["Authorization"] == "Bearer \(Self.key)", "the key itself was sent")
    }

    @Test("Connection failures do not show keys from the URL or headers")
    func connectionFailureHidesKeys() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let url = URL(string: "http://127.0.0.1:\(port)/v1beta/models?key=\(Self.googleKey)&token=tok123456")!

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: .never).send(
                HTTPRequest(url: url, headers: Self.secretHeaders(), serviceName: "Gemini"))
        }

        let text = Self.allText(try #require(error))
        #expect(error?.code == .connectionFailed)
        #expect(!text.contains(Self.googleKey))
        #expect(!text.contains("tok123456"))
        #expect(!text.contains(Self.key))
        #expect(text.contains("Gemini"))
    }

    @Test("The body excerpt is one line of at most 300 characters")
    func excerptIsShort() async throws {
        let long = String(repeating: "word ", count: 400) + "\n\n  tail"
        let server = try startServer { _ in .text(long, status: 400) }
        defer { server.stop() }

        let error = await transportError {
            _ = try await HTTPTransport().send(testRequest("GET", server.url("/x")))
        }

        let excerpt = try #require(error?.bodyExcerpt)
        #expect(excerpt.count <= 300)
        #expect(!excerpt.contains("\n"))
        #expect(excerpt.hasSuffix("…"))
        #expect((error?.description.count ?? 0) < 450)
    }

    @Test("Key-shaped tokens are masked even when they are not the request's key")
    func keyShapedTokens() {
        let masked = SecretRedactor.maskKeyShapedTokens(
            "keys sk-proj-abcdefgh1234 and sk-ant-api03-xyzxyzxyz and AIzaSyA0123456789012345678901 but task-manager stays"
        )
        #expect(!masked.contains("abcdefgh1234"))
        #expect(!masked.contains("xyzxyzxyz"))
        #expect(!masked.contains("AIzaSyA0123456789012345678901"))
        #expect(masked.contains("task-manager stays"))
    }

    @Test("URLs lose user info and secret query parameters but keep the rest")
    func redactedURL() {
        let url = URL(string: "https://me:pw@example.com:8443/a/b?api_key=1&x=2&Token=3&key=4#frag")!
        #expect(SecretRedactor.redactedURL(url) == "https://example.com:8443/a/b?x=2")
    }
}
