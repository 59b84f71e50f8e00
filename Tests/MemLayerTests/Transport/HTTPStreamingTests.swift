import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("HTTPTransport streaming")
struct HTTPStreamingTests {
    @Test("The first chunk reaches the caller before the server sends the last one")
    func chunksArriveIncrementally() async throws {
        let gate = LoopbackGate()
        let server = try startServer { _ in
            .stream([.init("data: one\n\n"), .init("data: two\n\n", gate: gate)])
        }
        defer { server.stop() }

        let response = try await HTTPTransport().stream(testRequest("GET", server.url("/events")))
        #expect(response.head.status == 200)
        #expect(response.head.headers["Transfer-Encoding"] == "chunked")

        var iterator = response.body.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first.map { String(decoding: $0, as: UTF8.self) } == "data: one\n\n")
        // The second part is held back by the gate: the stream cannot have buffered it.
        #expect(server.completedResponses == 0)
        gate.open()

        var rest = Data()
        while let chunk = try await iterator.next() { rest.append(chunk) }
        #expect(String(decoding: rest, as: UTF8.self) == "data: two\n\n")
        // The server counts a response once its last write returns, which can be just after the
        // client has read it all: give its thread a moment on a loaded machine.
        let deadline = ContinuousClock.now + .seconds(5)
        while server.completedResponses == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(server.completedResponses == 1)
    }

    @Test("A multi-byte UTF-8 body split at every byte position reassembles exactly")
    func splitAtEveryPosition() async throws {
        let text = "aé€😀\nß✓"
        let body = Data(text.utf8)
        let server = try startServer { request in
            let offset = Int(request.queryItems.first { $0.name == "at" }?.value ?? "") ?? 0
            return .stream(ScriptedResponse.split(body, at: [offset]), contentType: "text/plain; charset=utf-8")
        }
        defer { server.stop() }
        let transport = HTTPTransport()

        for offset in 1..<body.count {
            let response = try await transport.stream(testRequest("GET", server.url("/split?at=\(offset)")))
            var received = Data()
            var chunks = 0
            for try await chunk in response.body {
                received.append(chunk)
                chunks += 1
            }
            #expect(received == body, "split at \(offset)")
            #expect(String(decoding: received, as: UTF8.self) == text)
            #expect(chunks >= 1)
        }
        #expect(server.requestCount == body.count - 1)
    }

    @Test("One byte per chunk, with Content-Length framing, reassembles exactly")
    func oneBytePerChunk() async throws {
        let body = Data("日本語 text ✓".utf8)
        let server = try startServer { _ in
            .stream(
                ScriptedResponse.split(body, at: Array(1..<body.count), delay: .milliseconds(1)),
                contentType: "text/plain", framing: .contentLength)
        }
        defer { server.stop() }

        let (head, received) = try await HTTPTransport().send(testRequest("GET", server.url("/bytes")))

        #expect(head.headers["Content-Length"] == String(body.count))
        #expect(received == body)
    }

    @Test("A body that ends when the server closes is read to the end")
    func untilCloseFraming() async throws {
        let server = try startServer { _ in
            .stream([.init("part one, "), .init("part two", after: .milliseconds(5))], framing: .untilClose)
        }
        defer { server.stop() }

        let (_, received) = try await HTTPTransport().send(testRequest("GET", server.url("/close")))

        #expect(String(decoding: received, as: UTF8.self) == "part one, part two")
    }
}
