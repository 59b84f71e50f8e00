import Foundation
import MemLayer
import Testing

/// Reads chat streams in tests: everything they yield, and how they ended.
enum ChatStreamProbe {
    /// What a stream produced before it ended, and the error it ended with, if any.
    struct Outcome {
        var events: [ChatEvent] = []
        var error: (any Error)?

        /// The text events joined.
        var text: String {
            events.map { event -> String in
                if case .text(let text) = event { return text }
                return ""
            }.joined()
        }

        /// The tool calls in order.
        var toolCalls: [ToolCall] {
            events.compactMap { event in
                if case .toolCall(let call) = event { return call }
                return nil
            }
        }

        /// The `.finished` event's payload, if one came.
        var finish: ChatFinish? {
            events.lazy.compactMap { event in
                if case .finished(let finish) = event { return finish }
                return nil
            }.first
        }

        var providerError: ProviderError? { error as? ProviderError }
    }

    /// Reads `stream` to its end.
    static func read(_ stream: AsyncThrowingStream<ChatEvent, any Error>) async -> Outcome {
        var outcome = Outcome()
        do {
            for try await event in stream { outcome.events.append(event) }
        } catch {
            outcome.error = error
        }
        return outcome
    }

    /// Reads `stream` and records an issue unless it failed with a ``ProviderError``.
    static func providerError(
        _ stream: AsyncThrowingStream<ChatEvent, any Error>, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ProviderError? {
        let outcome = await read(stream)
        guard let error = outcome.providerError else {
            Issue.record(
                "expected a ProviderError, got \(outcome.error.map { "\($0)" } ?? "success: \(outcome.events)")",
                sourceLocation: sourceLocation)
            return nil
        }
        return error
    }
}
