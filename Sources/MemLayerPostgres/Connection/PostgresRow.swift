import Foundation

/// One row of a result, its values in PostgreSQL's text format, decoded on access.
///
/// Accessors take the column's position (0-based, in the order of the `SELECT` list) and throw
/// `PostgresError` `.decoding` for a NULL where a value was expected, or a value of another
/// type; the error names the column, never the value.
package struct PostgresRow: Sendable {
    /// The result's column names, shared by its rows.
    package let columns: [String]
    let cells: [String?]

    /// Whether the value at `column` is NULL.
    package func isNull(_ column: Int) -> Bool { cells[column] == nil }

    /// The text at `column`.
    package func string(_ column: Int) throws -> String {
        guard let cell = cells[column] else { throw nullError(column) }
        return cell
    }

    /// The text at `column`, or nil for NULL.
    package func optionalString(_ column: Int) -> String? { cells[column] }

    /// The integer at `column` (`smallint`, `integer`, `bigint`).
    package func int64(_ column: Int) throws -> Int64 {
        guard let value = Int64(try string(column)) else { throw typeError(column, "an integer") }
        return value
    }

    /// The integer at `column`, or nil for NULL.
    package func optionalInt64(_ column: Int) throws -> Int64? { isNull(column) ? nil : try int64(column) }

    /// The number at `column` (`real`, `double precision`, `numeric`, integers).
    package func double(_ column: Int) throws -> Double {
        let text = try string(column)
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(text) else { throw typeError(column, "a number") }
            return value
        }
    }

    /// The number at `column`, or nil for NULL.
    package func optionalDouble(_ column: Int) throws -> Double? { isNull(column) ? nil : try double(column) }

    /// The `boolean` at `column`.
    package func bool(_ column: Int) throws -> Bool {
        switch try string(column) {
        case "t": return true
        case "f": return false
        default: throw typeError(column, "a boolean")
        }
    }

    /// The `bytea` at `column` (the server's hex output, `\x…`).
    package func bytes(_ column: Int) throws -> Data {
        let text = try string(column)
        guard text.hasPrefix("\\x"), text.utf8.count % 2 == 0 else { throw typeError(column, "bytea in hex form") }
        var data = Data(capacity: (text.utf8.count - 2) / 2)
        var high: UInt8?
        for byte in text.utf8.dropFirst(2) {
            guard let nibble = Self.hexValue(byte) else { throw typeError(column, "bytea in hex form") }
            if let first = high {
                data.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return data
    }

    /// The `timestamptz` at `column` (the connection reads times in UTC, ISO style).
    package func date(_ column: Int) throws -> Date {
        guard let date = PostgresTimestamp.parse(try string(column)) else { throw typeError(column, "a timestamp") }
        return date
    }

    /// The `timestamptz` at `column`, or nil for NULL.
    package func optionalDate(_ column: Int) throws -> Date? { isNull(column) ? nil : try date(column) }

    /// The pgvector `vector` at `column` (text form `[1,2.5,-3]`).
    package func vector(_ column: Int) throws -> [Float] {
        let text = try string(column)
        guard text.hasPrefix("["), text.hasSuffix("]") else { throw typeError(column, "a vector") }
        let body = text.dropFirst().dropLast()
        if body.isEmpty { return [] }
        var components: [Float] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Float(part) else { throw typeError(column, "a vector") }
            components.append(value)
        }
        return components
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func name(_ column: Int) -> String {
        column < columns.count ? "column \(column) (\(columns[column]))" : "column \(column)"
    }

    private func nullError(_ column: Int) -> PostgresError {
        PostgresError(.decoding, "\(name(column)) is NULL where a value was expected")
    }

    private func typeError(_ column: Int, _ expected: String) -> PostgresError {
        PostgresError(.decoding, "\(name(column)) is not \(expected)")
    }
}
