import Foundation
import MemLayerHTTP

/// Turns one provider's streamed response body into ``ChatEvent``s: a pure state machine fed
/// with body chunks of any size, tested without I/O.
protocol ChatResponseDecoder: Sendable {
    /// Appends the events `chunk` completed to `events`. Throws a ``ProviderError`` for an error
    /// the service reports inside the stream, or for bytes that break the protocol; the events
    /// appended before it still count (the text the model wrote before the failure).
    mutating func feed(_ chunk: Data, into events: inout [ChatEvent]) throws
    /// Whether the final `.finished` event was produced; the rest of the body is not read.
    var isComplete: Bool { get }
    /// Appends the events left at the end of the body. Throws `.interrupted` when the answer
    /// stopped before the service said it was complete: a truncated answer is never a success.
    mutating func finish(into events: inout [ChatEvent]) throws
}

/// Runs one streamed HTTP exchange for a provider: sends the request, feeds the body to the
/// provider's decoder and hands its events to the consumer. Every provider streams through it.
///
/// The exchange runs in a task that the stream owns: a consumer that stops iterating, drops the
/// stream or is cancelled cancels that task, which aborts the transfer. Cancellation ends the
/// stream with `CancellationError`, never with a ``ProviderError``. Events decoded before a
/// failure still reach the consumer, and every ``ProviderError`` the stream ends with has the
/// request's secrets (and anything shaped like an API key) masked, in case a service echoed them.
enum ChatResponseStream {
    /// Streams the answer to the request `makeRequest` builds. A request that cannot be built
    /// (no API key, a body that does not encode) ends the stream with that error before anything
    /// is sent. `explain` turns transport failures into the provider's errors. `recover` may
    /// answer a refused request (an error status before any answer) with an adjusted one to send
    /// instead, such as the same request without a parameter the server does not take; at most
    /// ``maxRecoveries`` times.
    static func events(
        request makeRequest: () throws -> HTTPRequest,
        transport: HTTPTransport,
        decoder: some ChatResponseDecoder,
        explain: @escaping @Sendable (TransportError) -> ProviderError,
        recover: @escaping @Sendable (TransportError) -> HTTPRequest? = { _ in nil }
    ) -> AsyncThrowingStream<ChatEvent, any Error> {
        let request: HTTPRequest
        do {
            request = try makeRequest()
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        let redactor = SecretRedactor(request: request)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ChatEvent.self, throwing: (any Error).self)
        let exchange = Task {
            do {
                try await run(request, transport: transport, decoder: decoder, recover: recover, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(
                    throwing: outcome(of: error, service: request.serviceName, explain: explain, redactor: redactor))
            }
        }
        continuation.onTermination = { _ in exchange.cancel() }
        return stream
    }

    /// How many adjusted requests one exchange may send after refusals.
    static let maxRecoveries = 3

    private static func run(
        _ request: HTTPRequest, transport: HTTPTransport, decoder: some ChatResponseDecoder,
        recover: @Sendable (TransportError) -> HTTPRequest?,
        into continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation
    ) async throws {
        var decoder = decoder
        var request = request
        var recoveries = 0
        let response: HTTPStreamingResponse
        while true {
            do {
                response = try await transport.stream(request)
                break
            } catch let error as TransportError {
                guard error.code == .httpStatus, recoveries < maxRecoveries, let adjusted = recover(error) else {
                    throw error
                }
                recoveries += 1
                request = adjusted
            }
        }
        if let redirect = TransportError.redirect(response.head, for: request) { throw redirect }
        for try await chunk in response.body {
            try deliver(to: continuation) { try decoder.feed(chunk, into: &$0) }
            // Leaving the loop drops the body, which closes the connection; the service has
            // said all it will.
            if decoder.isComplete { return }
        }
        try Task.checkCancellation()
        try deliver(to: continuation) { try decoder.finish(into: &$0) }
    }

    /// Yields the events `step` produced, then rethrows its error, if any.
    private static func deliver(
        to continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation,
        _ step: (inout [ChatEvent]) throws -> Void
    ) throws {
        var events: [ChatEvent] = []
        let outcome = Result { try step(&events) }
        for event in events { continuation.yield(event) }
        try outcome.get()
    }

    /// What the consumer sees for `error`: cancellation stays cancellation, transport failures
    /// become the provider's explanation, and no provider error carries a secret.
    private static func outcome(
        of error: any Error, service: String, explain: @Sendable (TransportError) -> ProviderError,
        redactor: SecretRedactor
    ) -> any Error {
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        let providerError: ProviderError
        switch error {
        case let failure as TransportError:
            if failure.code == .cancelled { return CancellationError() }
            providerError = explain(failure)
        case let failure as ProviderError:
            providerError = failure
        case let failure as FrameTooLarge:
            providerError = ProviderError(.malformedResponse, provider: service, failure.description)
        default:
            return error
        }
        return ProviderError(
            providerError.kind, provider: providerError.provider, shortened(redactor.scrub(providerError.message)),
            status: providerError.status)
    }

    /// The longest provider error message shown: our explanation plus a short excerpt of what
    /// the service said, never a whole error body.
    static let maximumMessageCharacters = 600

    private static func shortened(_ message: String) -> String {
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard oneLine.count > maximumMessageCharacters else { return oneLine }
        return String(oneLine.prefix(maximumMessageCharacters - 1)) + "…"
    }
}
