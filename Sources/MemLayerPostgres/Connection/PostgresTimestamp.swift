import Foundation

/// Reads `timestamptz` text as the server writes it with `DateStyle = ISO`:
/// `2026-12-07 11:59:03.123456+00` (an offset may have minutes, `+05:30`, and seconds).
enum PostgresTimestamp {
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        let bytes = Array(text.utf8)
        var cursor = 0
        func number(_ digits: Int) -> Int? {
            guard cursor + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[cursor..<cursor + digits] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            cursor += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == character.asciiValue else { return false }
            cursor += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect(" "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        var fraction = 0.0
        if expect(".") {
            var digits = 0
            var scale = 1.0
            while cursor < bytes.count, (48...57).contains(bytes[cursor]), digits < 9 {
                fraction = fraction * 10 + Double(bytes[cursor] - 48)
                scale *= 10
                digits += 1
                cursor += 1
            }
            fraction /= scale
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") else {
            return nil
        }
        let sign = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
        cursor += 1
        guard let offsetHours = number(2) else { return nil }
        var offset = offsetHours * 3600
        if expect(":"), let minutes = number(2) { offset += minutes * 60 }
        if expect(":"), let seconds = number(2) { offset += seconds }
        guard cursor == bytes.count else { return nil }  // "BC" years and the like are refused
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - sign * offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
