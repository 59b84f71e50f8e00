import Foundation

/// ISO-8601 dates as the interchange format writes and reads them.
enum ISO8601 {
    /// `2024-05-01T10:00:00.123Z` (UTC, milliseconds).
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Accepts a full timestamp with an offset or `Z`, with or without fractional seconds, or a
    /// bare date (`2024-05-01`, taken as midnight UTC).
    static func parse(_ string: String) -> Date? {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(trimmed) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(trimmed) { return date }
        return nil
    }
}
