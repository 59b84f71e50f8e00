import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("HTTPTransport retries")
struct HTTPRetryTests {
    @Test("429 then 200 is retried once and succeeds")
    func retriesTooManyRequests() async throws {
        let server = try startServer { request in
            request.index == 0
                ? .json(#"{"error":"slow down"}"#, status: 429, headers: ["Retry-After": "0"])
                : .text("ok")
        }
        defer { server.stop() }

        let (head, body) = try await HTTPTransport(retryPolicy: quickRetries).send(
            testRequest("POST", server.url("/x"), body: Data("same body".utf8)))

        #expect(head.status == 200)
        #expect(String(decoding: body, as: UTF8.self) == "ok")
        #expect(server.requestCount == 2)
        #expect(server.requests.map(\.bodyText) == ["same body", "same body"])
    }

    @Test("Retry-After is honoured but capped by the policy's maximum server-imposed wait")
    func retryAfterCapped() async throws {
        let server = try startServer { request in
            request.index == 0 ? .text("busy", status: 503, headers: ["Retry-After": "120"]) : .text("ok")
        }
        defer { server.stop() }
        let policy = RetryPolicy(
            maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1), maxRetryAfter: .milliseconds(50))
        let clock = ContinuousClock()

        let elapsed = try await clock.measure {
            _ = try await HTTPTransport(retryPolicy: policy).send(testRequest("GET", server.url("/x")))
        }

        #expect(server.requestCount == 2)
        #expect(elapsed >= .milliseconds(50))
        #expect(elapsed < .seconds(3))
    }

    @Test("Every retryable status is retried", arguments: [500, 502, 503, 504])
    func retryableStatuses(status: Int) async throws {
        let server = try startServer { request in request.index == 0 ? .text("fail", status: status) : .text("ok") }
        defer { server.stop() }

        let (head, _) = try await HTTPTransport(retryPolicy: quickRetries).send(testRequest("GET", server.url("/x")))

        #expect(head.status == 200)
        #expect(server.requestCount == 2)
    }

    @Test("500 on every attempt exhausts the retries with a clear error")
    func exhaustsRetries() async throws {
        let server = try startServer { _ in .json(#"{"error":"the model crashed"}"#, status: 500) }
        defer { server.stop() }

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: quickRetries).send(
                testRequest("POST", server.url("/api/embed"), body: Data()))
        }

        #expect(server.requestCount == 3)
        #expect(error?.code == .httpStatus)
        #expect(error?.status == 500)
        #expect(error?.attempts == 3)
        #expect(error?.responseBody.map { String(decoding: $0, as: UTF8.self) } == #"{"error":"the model crashed"}"#)
        let text = error?.description ?? ""
        #expect(text.contains("TestService"))
        #expect(text.contains("HTTP 500"))
        #expect(text.contains("POST http://127.0.0.1:\(server.port)/api/embed"))
        #expect(text.contains("the model crashed"))
        #expect(text.contains("after 3 attempts"))
    }

    @Test("Client errors are not retried", arguments: [400, 401, 403, 404, 422])
    func clientErrorsNotRetried(status: Int) async throws {
        let server = try startServer { _ in .json(#"{"error":"no"}"#, status: status) }
        defer { server.stop() }

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: quickRetries).send(testRequest("GET", server.url("/x")))
        }

        #expect(error?.status == status)
        #expect(error?.attempts == 1)
        #expect(server.requestCount == 1)
    }

    @Test("A refused connection is retried, then reported as a connection failure")
    func connectionRefused() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: quickRetries).send(
                testRequest("GET", URL(string: "http://127.0.0.1:\(port)/api/embed")!))
        }

        #expect(error?.code == .connectionFailed)
        #expect(error?.attempts == 3)
        #expect(error?.status == nil)
        #expect(error?.description.contains("could not connect") == true)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
    }

    @Test("Nothing is retried once body bytes reached the caller")
    func noRetryAfterBody() async throws {
        let server = try startServer { _ in
            .stream([.init("0123456789"), .init("abcdefghij")]).droppingConnection(afterBodyBytes: 10)
        }
        defer { server.stop() }

        let error = await transportError {
            _ = try await HTTPTransport(retryPolicy: quickRetries).send(testRequest("GET", server.url("/x")))
        }

        #expect(error?.code == .droppedMidBody)
        #expect(server.requestCount == 1)
    }

    @Test("RetryPolicy backs off exponentially with jitter and caps every wait")
    func backoffShape() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for _ in 0..<50 {
            let first = policy.delay(beforeRetry: 1, retryAfter: nil)
            let third = policy.delay(beforeRetry: 3, retryAfter: nil)
            let tenth = policy.delay(beforeRetry: 10, retryAfter: nil)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            #expect(third >= .milliseconds(200) && third <= .milliseconds(400))
            #expect(tenth >= .milliseconds(500) && tenth <= .seconds(1))
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: .milliseconds(300)) == .milliseconds(300))
        #expect(RetryPolicy.parseRetryAfter("2") == .seconds(2))
        #expect(RetryPolicy.parseRetryAfter(" 0.5 ") == .milliseconds(500))
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
    }

    @Test("A server's wait beyond the backoff cap is honoured up to the SDKs' 60 s, and no further")
    func retryAfterBeyondBackoffCap() {
        let policy = RetryPolicy(maxDelay: .seconds(1))
        #expect(policy.maxRetryAfter == .seconds(60))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(600)) == .seconds(60))
    }

    @Test("Retry-After as an HTTP date, in all three RFC 9110 forms, is the time left until then")
    func retryAfterHTTPDate() {
        // Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example.
        let now = Date(timeIntervalSince1970: 784_111_777 - 30)
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Sun Nov  6 08:49:37 1994", now: now) == .seconds(30))
        let later = Date(timeIntervalSince1970: 784_111_777 + 5)
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: later) == .zero)
    }

    @Test("retry-after-ms wins over Retry-After, as in the OpenAI and Anthropic SDKs")
    func retryAfterMilliseconds() {
        let headers: HTTPHeaders = ["Retry-After": "7", "retry-after-ms": "250"]
        #expect(RetryPolicy.retryAfter(in: headers) == .milliseconds(250))
        #expect(RetryPolicy.retryAfter(in: ["retry-after-ms": "junk", "Retry-After": "2"]) == .seconds(2))
        #expect(RetryPolicy.retryAfter(in: [:]) == nil)
    }

    @Test("The transport waits as long as an HTTP-date Retry-After says before retrying")
    func transportHonoursHTTPDate() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        // Whole seconds on the wire: two seconds ahead means a wait of more than one.
        let date = formatter.string(from: Date().addingTimeInterval(2))
        let server = try startServer { request in
            request.index == 0 ? .text("busy", status: 503, headers: ["Retry-After": date]) : .text("ok")
        }
        defer { server.stop() }
        let policy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1))

        let elapsed = try await ContinuousClock().measure {
            _ = try await HTTPTransport(retryPolicy: policy).send(testRequest("GET", server.url("/x")))
        }

        #expect(server.requestCount == 2)
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(5))
    }
}
