import Foundation

/// A span of time a question or a fact names ("last week", "in May 2023"), resolved against a
/// reference moment: from `start` (included) to `end` (excluded).
public struct TimeWindow: Sendable, Equatable, CustomStringConvertible {
    /// The first moment inside.
    public var start: Date
    /// The first moment after.
    public var end: Date
    /// The words it was read from ("last Friday").
    public var phrase: String

    /// Creates a window; `end` before `start` is taken as `start`.
    public init(start: Date, end: Date, phrase: String) {
        self.start = start
        self.end = max(start, end)
        self.phrase = phrase
    }

    /// Whether `date` falls inside.
    public func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// `"last week" = 2026-11-30 to 2026-12-06` (the last day included), in UTC dates; a window
    /// shorter than a day gives times.
    public var description: String { "\"\(phrase)\" = \(span(in: TimeZone(secondsFromGMT: 0)!))" }

    /// The window's dates as people read them in `zone`: one day, or first to last day; a window
    /// shorter than a day also gives the hours.
    public func span(in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        let short = end.timeIntervalSince(start) < 86_400
        formatter.dateFormat = short ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd"
        let last = short ? end : end.addingTimeInterval(-1)
        let final = formatter.string(from: last)
        if start == .distantPast { return "up to \(final)" }
        let first = formatter.string(from: start)
        return first == final ? first : "\(first) to \(final)"
    }
}
