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

/// The ``ChatResponseDecoder`` of a provider that answers with server-sent events: frames the
/// body with ``SSEDecoder`` and hands each event to the provider's ``SSEChatParser``. Nothing
/// after the first `.finished` is read.
struct SSEChatDecoder<Parser: SSEChatParser>: ChatResponseDecoder {
    private var sse = SSEDecoder()
    private var parser: Parser
    private(set) var isComplete = false

    init(_ parser: Parser) {
        self.parser = parser
    }

    mutating func feed(_ chunk: Data, into events: inout [ChatEvent]) throws {
        for event in try sse.feed(chunk) where !isComplete {
            append(try parser.consume(event), to: &events)
        }
    }

    mutating func finish(into events: inout [ChatEvent]) throws {
        // A server may close right after the last `data:` line, without its blank line.
        if !isComplete, let last = try sse.finish() {
            append(try parser.consume(last), to: &events)
        }
        if !isComplete {
            append(try parser.finish(), to: &events)
        }
    }

    /// Appends `new` up to and including `.finished`.
    private mutating func append(_ new: [ChatEvent], to events: inout [ChatEvent]) {
        for event in new where !isComplete {
            events.append(event)
            if case .finished = event { isComplete = true }
        }
    }
}
