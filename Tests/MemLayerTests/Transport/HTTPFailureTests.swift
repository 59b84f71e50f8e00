import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("HTTPTransport failures and cancellation")
struct HTTPFailureTests {
    @Test(
        "A connection dropped mid-body fails after the bytes already delivered",
        arguments: [
            ScriptedResponse.Framing.contentLength, .chunked,
        ])
    func droppedMidBody(framing: ScriptedResponse.Framing) async throws {
        let body = Data((0..<100).map { UInt8($0) })
        let server = try startServer { _ in
            .stream(ScriptedResponse.split(body, at: [25, 50, 75]), framing: framing).droppingConnection(
                afterBodyBytes: 40)
        }
        defer { server.stop() }

        let response = try await HTTPTransport().stream(testRequest("GET", server.url("/x")))
        var received = Data()
        let error = await transportError {
            for try await chunk in response.body { received.append(chunk) }
        }

        #expect(received == body.prefix(40))
        #expect(error?.code == .droppedMidBody)
        #expect(error?.bytesDelivered == 40)
        #expect(error?.description.contains("after 40 bytes") == true)
    }

    @Test("A server that never answers fails with an idle timeout within the configured time")
    func neverAnswers() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: quickRetries).send(
                testRequest("GET", server.url("/slow"), idleTimeout: .milliseconds(300)))
        }

        let elapsed = clock.now - started
        #expect(error?.code == .idleTimeout)
        #expect(error?.timeout == .milliseconds(300))
        #expect(error?.description.contains("0.3 s") == true)
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(2))
        #expect(server.requestCount == 1, "an idle timeout is not retried")
        #expect(await server.waitUntil { $0.clientDisconnects == 1 })
    }

    @Test("Silence in the middle of a stream ends it with an idle timeout after the data so far")
    func idleMidStream() async throws {
        let server = try startServer { _ in .stream([.init("first"), .init("late", after: .seconds(5))]) }
        defer { server.stop() }

        let response = try await HTTPTransport().stream(
            testRequest("GET", server.url("/x"), idleTimeout: .milliseconds(200)))
        var received = Data()
        let error = await transportError {
            for try await chunk in response.body { received.append(chunk) }
        }

        #expect(String(decoding: received, as: UTF8.self) == "first")
        #expect(error?.code == .idleTimeout)
        #expect(await server.waitUntil { $0.clientDisconnects == 1 })
    }

    @Test("A consumer that stops early closes the connection and ends the transfer thread")
    func consumerStopsEarly() async throws {
        let parts = (0..<200).map { ScriptedResponse.Part("chunk \($0)\n", after: .milliseconds(10)) }
        let server = try startServer { _ in .stream(parts) }
        defer { server.stop() }
        let transport = HTTPTransport()

        let response = try await transport.stream(testRequest("GET", server.url("/long")))
        for try await chunk in response.body {
            #expect(String(decoding: chunk, as: UTF8.self).hasPrefix("chunk 0"))
            break
        }

        #expect(await server.waitUntil(timeout: .seconds(2)) { $0.clientDisconnects == 1 })
        #expect(await eventually { transport.activeTransfers == 0 })
        #expect(server.completedResponses == 0)
        #expect(await server.waitUntil { $0.openConnections == 0 })
    }

    @Test("Dropping a response without reading its body ends the transfer")
    func droppedResponse() async throws {
        let parts = (0..<200).map { _ in ScriptedResponse.Part("x", after: .milliseconds(10)) }
        let server = try startServer { _ in .stream(parts) }
        defer { server.stop() }
        let transport = HTTPTransport()

        do {
            let response = try await transport.stream(testRequest("GET", server.url("/long")))
            #expect(response.head.status == 200)
        }

        #expect(await server.waitUntil(timeout: .seconds(2)) { $0.clientDisconnects == 1 })
        #expect(await eventually { transport.activeTransfers == 0 })
    }

    @Test("Cancelling the task while waiting for the head aborts promptly")
    func cancelBeforeHead() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let transport = HTTPTransport()

        let task = Task {
            try await transport.send(testRequest("GET", server.url("/x"), idleTimeout: .seconds(30)))
        }
        #expect(await server.waitUntil { $0.requestCount == 1 })
        let clock = ContinuousClock()
        let started = clock.now
        task.cancel()
        let result = await task.result

        #expect(clock.now - started < .seconds(1))
        #expect(throws: TransportError.self) { try result.get() }
        #expect((try? result.get()) == nil)
        if case .failure(let error as TransportError) = result { #expect(error.code == .cancelled) }
        #expect(await server.waitUntil { $0.clientDisconnects == 1 })
        #expect(await eventually { transport.activeTransfers == 0 })
    }

    @Test("Cancelling the task while reading the body throws cancelled and closes the connection")
    func cancelDuringBody() async throws {
        let gate = LoopbackGate()
        let server = try startServer { _ in .stream([.init("first"), .init("never", gate: gate)]) }
        defer { server.stop() }
        let transport = HTTPTransport()
        let firstChunk = LoopbackGate()

        let task = Task {
            let response = try await transport.stream(testRequest("GET", server.url("/x")))
            var received = Data()
            for try await chunk in response.body {
                received.append(chunk)
                firstChunk.open()
            }
            return received
        }
        #expect(await eventually { firstChunk.isOpen })
        task.cancel()
        let result = await task.result

        if case .failure(let error as TransportError) = result {
            #expect(error.code == .cancelled)
        } else {
            Issue.record("expected a cancelled TransportError, got \(result)")
        }
        #expect(await server.waitUntil { $0.clientDisconnects == 1 })
        #expect(await eventually { transport.activeTransfers == 0 })
    }

    @Test("A malformed URL scheme fails without retries")
    func unsupportedScheme() async throws {
        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: quickRetries).send(
                testRequest("GET", URL(string: "ftp://127.0.0.1/x")!))
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.attempts == 1)
    }
}
