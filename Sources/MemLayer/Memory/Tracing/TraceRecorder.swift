import Foundation

/// Collects trace events against one start time.
struct TraceRecorder: Sendable {
    private let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    private(set) var trace = Trace()

    init() { start = clock.now }

    var elapsed: Duration { clock.now - start }

    /// Times `body` and records it as `name`.
    mutating func measure<T>(_ name: String, _ detail: String, _ body: () async throws -> T) async rethrows -> T {
        let began = clock.now
        let result = try await body()
        record(name, detail, from: began)
        return result
    }

    mutating func record(_ name: String, _ detail: String, from began: ContinuousClock.Instant) {
        trace.events.append(
            Trace.Event(name: name, detail: detail, start: began - start, duration: clock.now - began))
    }

    mutating func firstToken() {
        if trace.timeToFirstToken == nil { trace.timeToFirstToken = elapsed }
    }

    mutating func finish() -> Trace {
        trace.total = elapsed
        return trace
    }

    mutating func append(_ other: Trace, offset: Duration) {
        for var event in other.events {
            event.start += offset
            trace.events.append(event)
        }
    }
}
