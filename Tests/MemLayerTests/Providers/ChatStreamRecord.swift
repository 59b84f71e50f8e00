import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Everything a chat stream produced: its events in order and, if it failed, the error.
struct ChatStreamRecord {
    var events: [ChatEvent] = []
    var error: (any Error)?

    /// The text deltas joined.
    var text: String {
        events.compactMap { event -> String? in
            if case .text(let text) = event { return text }
            return nil
        }.joined()
    }

    /// The tool calls in order.
    var toolCalls: [ToolCall] {
        events.compactMap { event -> ToolCall? in
            if case .toolCall(let call) = event { return call }
            return nil
        }
    }

    /// The `.finished` event, if one came.
    var finish: ChatFinish? {
        events.compactMap { event -> ChatFinish? in
            if case .finished(let finish) = event { return finish }
            return nil
        }.last
    }

    /// The error as a ``ProviderError``, if it is one.
    var providerError: ProviderError? { error as? ProviderError }
}

/// Reads `stream` to its end.
func recordChatStream(_ stream: AsyncThrowingStream<ChatEvent, any Error>) async -> ChatStreamRecord {
    var record = ChatStreamRecord()
    do {
        for try await event in stream { record.events.append(event) }
    } catch {
        record.error = error
    }
    return record
}

/// The `ProviderError` that ends `stream`; records an issue when it ends otherwise.
func chatStreamError(
    _ stream: AsyncThrowingStream<ChatEvent, any Error>, sourceLocation: SourceLocation = #_sourceLocation
) async -> ProviderError? {
    let record = await recordChatStream(stream)
    guard let error = record.error else {
        Issue.record("expected a ProviderError, the stream ended with \(record.events)", sourceLocation: sourceLocation)
        return nil
    }
    guard let providerError = error as? ProviderError else {
        Issue.record("expected a ProviderError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
    return providerError
}

/// Checks that `error` is a one-line `ProviderError` of `kind` from `provider` with `status`, and
/// that its message says each of `phrases`.
func expectProviderError(
    _ error: ProviderError?, _ kind: ProviderError.Kind, status: Int, provider: String, saying phrases: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(error?.kind == kind, sourceLocation: sourceLocation)
    #expect(error?.status == status, sourceLocation: sourceLocation)
    #expect(error?.provider == provider, sourceLocation: sourceLocation)
    #expect(error?.message.contains("\n") == false, "one line", sourceLocation: sourceLocation)
    for phrase in phrases {
        #expect(
            error?.message.contains(phrase) == true, "\(phrase) not in \(error?.message ?? "nil")",
            sourceLocation: sourceLocation)
    }
}
