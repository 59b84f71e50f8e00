import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("LoopbackHTTPServer")
struct LoopbackHTTPServerTests {
    @Test("Listens on 127.0.0.1 with an ephemeral port and cannot be started twice")
    func startTwice() throws {
        let server = LoopbackHTTPServer(responding: .text("x"))
        let port = try server.start()
        defer { server.stop() }

        #expect(port > 0)
        #expect(server.port == port)
        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(port)")
        #expect(throws: LoopbackServerError.self) { try server.start() }
    }

    @Test("Answers Expect: 100-continue before reading the body")
    func expectContinue() async throws {
        let server = try startServer { request in .text(request.bodyText) }
        defer { server.stop() }
        let body = Data(String(repeating: "abc", count: 1000).utf8)

        let (head, echoed) = try await HTTPTransport().send(
            testRequest("POST", server.url("/upload"), headers: ["Expect": "100-continue"], body: body))

        #expect(head.status == 200)
        #expect(echoed == body)
        #expect(server.requests.first?.headers["Expect"] == "100-continue")
    }

    @Test("Records concurrent requests once each, in arrival order")
    func concurrentRequests() async throws {
        let server = try startServer { request in .text("\(request.index)") }
        defer { server.stop() }
        let transport = HTTPTransport()

        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for number in 0..<16 {
                group.addTask {
                    let (_, body) = try await transport.send(testRequest("GET", server.url("/n/\(number)")))
                    return String(decoding: body, as: UTF8.self)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }

        #expect(Set(answers) == Set((0..<16).map(String.init)))
        #expect(server.requests.map(\.index) == Array(0..<16))
        #expect(Set(server.requests.map(\.path)) == Set((0..<16).map { "/n/\($0)" }))
        #expect(await server.waitUntil { $0.completedResponses == 16 && $0.openConnections == 0 })
    }

    @Test("stop() ends a connection that is waiting for an answer, promptly")
    func stopWhileWaiting() async throws {
        let server = try startServer { _ in .neverAnswer }
        let transport = HTTPTransport(retryPolicy: .never)
        let task = Task { try await transport.send(testRequest("GET", server.url("/wait"), idleTimeout: .seconds(30))) }
        #expect(await server.waitUntil { $0.requestCount == 1 })

        let clock = ContinuousClock()
        let stopping = clock.measure { server.stop() }
        let result = await task.result

        #expect(stopping < .seconds(1))
        if case .failure(let error as TransportError) = result {
            #expect(error.code == .connectionFailed)
        } else {
            Issue.record("expected a connection failure, got \(result)")
        }
        #expect(server.openConnections == 0)
    }

    @Test("A chunked request body is rejected with 400 and the reason")
    func chunkedRequestRejected() async throws {
        let server = try startServer { _ in .text("unexpected") }
        defer { server.stop() }

        let error = await transportError {
            _ = try await HTTPTransport().send(
                testRequest("POST", server.url("/x"), headers: ["Transfer-Encoding": "chunked"], body: Data("abc".utf8))
            )
        }

        #expect(error?.status == 400)
        #expect(error?.bodyExcerpt == "chunked request bodies are not supported")
        #expect(server.requestCount == 0)
    }

    @Test("A refusing port refuses at once")
    func refusingPort() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: .never).send(testRequest("GET", refusing.url("/x")))
        }

        #expect(error?.code == .connectionFailed)
        #expect(error?.detail?.contains("refused") == true || error?.detail?.contains("connect") == true)
    }
}
