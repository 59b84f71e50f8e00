import Synchronization

/// Hands each ``ExtractionEvent`` to every subscriber's own stream.
///
/// An `AsyncStream` has one consumer, so each subscriber gets a stream of its own, buffered with
/// a bound: one that falls behind loses its oldest events, never the worker's time (``publish(_:)``
/// does not wait). A subscriber that stops iterating is forgotten; ``finish()`` ends every stream,
/// and a stream asked for afterwards ends at once.
final class ExtractionEventBroadcast: Sendable {
    private struct State {
        var subscribers: [UInt64: AsyncStream<ExtractionEvent>.Continuation] = [:]
        var lastID: UInt64 = 0
        var isFinished = false
    }

    private let state = Mutex(State())

    /// A new stream of the events published from now on, keeping at most `limit` unread ones.
    func subscribe(bufferingNewest limit: Int) -> AsyncStream<ExtractionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: ExtractionEvent.self, bufferingPolicy: .bufferingNewest(max(1, limit)))
        let id = state.withLock { state -> UInt64? in
            guard !state.isFinished else { return nil }
            state.lastID += 1
            state.subscribers[state.lastID] = continuation
            return state.lastID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// True when someone is listening (so callers can skip building an event nobody reads).
    var hasSubscribers: Bool { state.withLock { !$0.subscribers.isEmpty } }

    /// Gives `event` to every current subscriber.
    func publish(_ event: ExtractionEvent) {
        // Yield outside the lock: a termination handler (which takes the lock) may run inside yield.
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// Ends every stream; later subscriptions end at once.
    func finish() {
        let subscribers = state.withLock { state -> [AsyncStream<ExtractionEvent>.Continuation] in
            state.isFinished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
