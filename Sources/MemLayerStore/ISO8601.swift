import Foundation

/// ISO-8601 dates as the interchange format writes and reads them (`package`: the MCP server
/// writes and reads dates the same way).
package enum ISO8601 {
    /// `2024-05-01T10:00:00.123Z` (UTC, milliseconds rounded to nearest).
    ///
    /// Rounds itself rather than letting the format style truncate: a parsed `.205` is stored as
    /// the double just below it, and truncation would print `.204`, so an export imported and
    /// exported again would drift by a millisecond.
    package static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let wholeSeconds = fraction < 0 ? seconds - 1 : seconds
        let positiveFraction = fraction < 0 ? fraction + 1000 : fraction
        let base = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(Date.ISO8601FormatStyle())
        let digits = String(positiveFraction)
        return base.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Accepts a full timestamp with an offset or `Z`, with or without fractional seconds, or a
    /// bare date (`2024-05-01`, taken as midnight UTC).
    package static func parse(_ string: String) -> Date? {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(trimmed) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(trimmed) { return date }
        return nil
    }
}
