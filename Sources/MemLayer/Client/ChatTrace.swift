import Foundation

/// What happened during one chat turn, with timings: provider calls, time to first token, tool
/// calls and each search phase.
public struct ChatTrace: Sendable, Equatable, CustomStringConvertible {
    /// One timed step.
    public struct Event: Sendable, Equatable {
        /// The step: `provider`, `first_token`, `tool`, `embed`, `vector`, `format`, `queue`, ...
        public var name: String
        /// What it worked on (a tool name and query, a provider and model); never a secret.
        public var detail: String
        /// When it started, from the start of the turn.
        public var start: Duration
        /// How long it took.
        public var duration: Duration
    }

    /// The phases in the order they ended.
    public var events: [Event] = []
    /// From the call to the end of the answer.
    public var total: Duration = .zero
    /// From the call to the first text chunk delivered to the caller.
    public var timeToFirstToken: Duration?

    /// An empty trace.
    public init() {}

    public var description: String {
        var lines = events.map { event in
            "\(Self.ms(event.start)) +\(Self.ms(event.duration)) \(event.name) \(event.detail)"
        }
        if let timeToFirstToken { lines.append("time to first token: \(Self.ms(timeToFirstToken))") }
        lines.append("total: \(Self.ms(total))")
        return lines.joined(separator: "\n")
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

/// Collects trace events against one start time.
struct TraceRecorder: Sendable {
    private let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    private(set) var trace = ChatTrace()

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
            ChatTrace.Event(name: name, detail: detail, start: began - start, duration: clock.now - began))
    }

    mutating func firstToken() {
        if trace.timeToFirstToken == nil { trace.timeToFirstToken = elapsed }
    }

    mutating func finish() -> ChatTrace {
        trace.total = elapsed
        return trace
    }

    mutating func append(_ other: ChatTrace, offset: Duration) {
        for var event in other.events {
            event.start += offset
            trace.events.append(event)
        }
    }
}
