import Foundation

/// One provider's reading of its server-sent events, for one response: fed the decoded events
/// in order, it returns the chat events they complete. A pure state machine, tested without I/O.
protocol SSEChatParser: Sendable {
    /// The chat events `event` completes; throws for an error event or JSON that breaks the protocol.
    mutating func consume(_ event: SSEEvent) throws(ProviderError) -> [ChatEvent]
    /// At the end of the body: the last events (normally `.finished`), or an error when the
    /// response stopped before the protocol says it is complete.
    mutating func finish() throws(ProviderError) -> [ChatEvent]
}

/// Runs one streamed chat request for a provider that answers with server-sent events: sends
/// it, feeds the body through ``SSEDecoder`` and the provider's parser, and yields chat events.
///
/// The transfer belongs to the returned stream: when its consumer stops iterating (or its task
/// is cancelled) the producing task is cancelled, which aborts the HTTP transfer. Cancellation
/// ends the stream with `CancellationError`, never with a ``ProviderError``.
enum SSEChatStream {
    /// Streams `request` through `transport`. `explain` turns transport failures into the
    /// provider's errors; every error message has `secret` (the API key) removed.
    static func start(
        _ request: HTTPRequest,
        transport: HTTPTransport,
        parser: some SSEChatParser,
        secret: String?,
        explain: @escaping @Sendable (TransportError) -> any Error
    ) -> AsyncThrowingStream<ChatEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ChatEvent.self, throwing: (any Error).self)
        let task = Task {
            do {
                try await run(request, transport: transport, parser: parser, into: continuation)
                continuation.finish()
            } catch let error as TransportError {
                let cancelled = error.code == .cancelled || Task.isCancelled
                continuation.finish(throwing: cancelled ? CancellationError() : redact(explain(error), secret))
            } catch let error as ProviderError {
                continuation.finish(throwing: redact(error, secret))
            } catch {
                continuation.finish(throwing: Task.isCancelled ? CancellationError() : error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// A stream that fails at once, for requests refused before anything is sent.
    static func failing(_ error: any Error) -> AsyncThrowingStream<ChatEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: error) }
    }

    private static func run<Parser: SSEChatParser>(
        _ request: HTTPRequest, transport: HTTPTransport, parser: Parser,
        into continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation
    ) async throws {
        var parser = parser
        var decoder = SSEDecoder()
        let response = try await transport.stream(request)
        for try await chunk in response.body {
            for event in decoder.feed(chunk) {
                if deliver(try parser.consume(event), to: continuation) { return }
            }
        }
        if let last = decoder.finish() {
            if deliver(try parser.consume(last), to: continuation) { return }
        }
        _ = deliver(try parser.finish(), to: continuation)
    }

    /// Yields `events`; returns true once `.finished` went out, after which nothing more is read.
    private static func deliver(
        _ events: [ChatEvent], to continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation
    ) -> Bool {
        for event in events {
            continuation.yield(event)
            if case .finished = event { return true }
        }
        return false
    }

    /// `error` with every occurrence of `secret` masked, in case a service echoed the key.
    static func redact(_ error: any Error, _ secret: String?) -> any Error {
        guard let providerError = error as? ProviderError else { return error }
        var message = providerError.message
        if let secret, secret.count >= 3 {
            message = message.replacingOccurrences(of: secret, with: SecretRedactor.replacement)
        }
        message = SecretRedactor.maskKeyShapedTokens(message)
        return ProviderError(
            providerError.kind, provider: providerError.provider, message, status: providerError.status)
    }
}
