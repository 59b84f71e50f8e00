import Foundation

/// What happened during one operation, with timings: the phases of a search or an answer, and
/// for a chat turn its provider calls, time to first token and tool calls too.
///
/// The memory engine records searches and answers with it; the chat client adds its own steps
/// (a search trace is not a chat trace, but a chat trace contains searches).
public struct Trace: Sendable, Equatable, CustomStringConvertible {
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
