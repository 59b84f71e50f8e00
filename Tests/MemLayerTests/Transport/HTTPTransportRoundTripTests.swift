import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("HTTPTransport round trips")
struct HTTPTransportRoundTripTests {
    @Test("GET sends headers and query, returns status, headers and body")
    func getRoundTrip() async throws {
        let server = try startServer { _ in
            .text("hello", headers: ["X-Reply": "yes", "X-Multi": "a", "x-multi": "b"])
        }
        defer { server.stop() }

        let (head, body) = try await HTTPTransport().send(
            testRequest(
                "GET", server.url("/v1/items?limit=2&q=a%20b"), headers: ["X-Test": "42", "Accept": "text/plain"]))

        #expect(head.status == 200)
        #expect(head.headers["x-reply"] == "yes")
        #expect(head.headers.values(for: "X-Multi") == ["a", "b"])
        #expect(head.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(String(decoding: body, as: UTF8.self) == "hello")

        let recorded = try #require(server.requests.first)
        #expect(server.requestCount == 1)
        #expect(recorded.method == "GET")
        #expect(recorded.path == "/v1/items")
        #expect(recorded.query == "limit=2&q=a%20b")
        #expect(recorded.queryItems.map(\.name) == ["limit", "q"])
        #expect(recorded.queryItems.last?.value == "a b")
        #expect(recorded.headers["X-Test"] == "42")
        #expect(recorded.headers["Accept"] == "text/plain")
        #expect(recorded.headers["User-Agent"] == "MemLayer")
        #expect(recorded.body.isEmpty)
    }

    @Test("POST sends the exact body with its Content-Type and no Expect header")
    func postRoundTrip() async throws {
        let server = try startServer { request in .json(#"{"echo":\#(request.body.count)}"#, status: 201) }
        defer { server.stop() }
        let payload = Data(#"{"model":"m","input":["a","é"]}"#.utf8)

        let (head, body) = try await HTTPTransport().send(
            testRequest("POST", server.url("/api/embed"), headers: ["Content-Type": "application/json"], body: payload))

        #expect(head.status == 201)
        #expect(String(decoding: body, as: UTF8.self) == #"{"echo":\#(payload.count)}"#)
        let recorded = try #require(server.requests.first)
        #expect(recorded.method == "POST")
        #expect(recorded.body == payload)
        #expect(recorded.headers["Content-Type"] == "application/json")
        #expect(recorded.headers["Content-Length"] == String(payload.count))
        #expect(recorded.headers["Expect"] == nil)
    }

    @Test("A large binary body (with NUL bytes) arrives intact")
    func largeBinaryBody() async throws {
        let server = try startServer { request in .body(request.body) }
        defer { server.stop() }
        let payload = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })

        let (_, body) = try await HTTPTransport().send(testRequest("PUT", server.url("/blob"), body: payload))

        #expect(body == payload)
        #expect(server.requests.first?.method == "PUT")
        #expect(server.requests.first?.body == payload)
        #expect(server.requests.first?.headers["Content-Type"] == nil)
    }

    @Test("Methods without a body, such as DELETE, are sent as given")
    func customMethod() async throws {
        let server = try startServer { _ in ScriptedResponse(status: 204) }
        defer { server.stop() }

        let (head, body) = try await HTTPTransport().send(testRequest("DELETE", server.url("/x/1")))

        #expect(head.status == 204)
        #expect(body.isEmpty)
        #expect(server.requests.first?.method == "DELETE")
    }

    @Test("A 3xx response is returned as it is, not followed")
    func redirectNotFollowed() async throws {
        let server = try startServer { _ in .text("moved", status: 302, headers: ["Location": "/elsewhere"]) }
        defer { server.stop() }

        let (head, _) = try await HTTPTransport().send(testRequest("GET", server.url("/here")))

        #expect(head.status == 302)
        #expect(head.headers["Location"] == "/elsewhere")
        #expect(server.requestCount == 1)
    }
}
