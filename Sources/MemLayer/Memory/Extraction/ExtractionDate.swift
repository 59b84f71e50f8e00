import Foundation

/// Reads the dates a model writes into extraction JSON: ISO-8601 with `Z` or an offset, a
/// date-time without one (taken in the user's time zone), or a bare date.
struct ExtractionDate {
    /// The zone for dates and times written without an offset.
    var timeZone: TimeZone

    /// What a bare date (`2026-12-04`) means.
    enum DayBoundary {
        /// Midnight at the start of that day (a task due "on Friday" is due from Friday on).
        case start
        /// Midnight at its end (a fact that holds "until Friday" holds all of Friday).
        case end
    }

    /// The moment `text` names, or nil when it is not a date this reader understands.
    func parse(_ text: String, bareDate: DayBoundary) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let halves = trimmed.split(omittingEmptySubsequences: false) { $0 == "T" || $0 == "t" || $0 == " " }
        guard halves.count == 1 || halves.count == 2 else { return nil }
        let day = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard day.count == 3, day[0].count == 4, day[1].count == 2, day[2].count == 2,
            let year = Int(day[0]), let month = Int(day[1]), let dayOfMonth = Int(day[2])
        else { return nil }

        var zone = timeZone
        var hour = 0
        var minute = 0
        var seconds = 0.0
        if halves.count == 2 {
            var time = Substring(halves[1])
            if time.hasSuffix("Z") || time.hasSuffix("z") {
                zone = TimeZone(secondsFromGMT: 0)!
                time = time.dropLast()
            } else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
                guard let offset = Self.offsetSeconds(time[sign...]), let fixed = TimeZone(secondsFromGMT: offset)
                else { return nil }
                zone = fixed
                time = time[..<sign]
            }
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(parts.count), let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            hour = h
            minute = m
            if parts.count == 3 {
                guard let s = Double(parts[2]), s >= 0, s < 61 else { return nil }
                seconds = s
            }
            guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: dayOfMonth, hour: hour, minute: minute)
        guard let date = calendar.date(from: components) else { return nil }
        // Calendar rolls 31 February over into March; a date that does not exist is not a date.
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == dayOfMonth else { return nil }
        if halves.count == 1, bareDate == .end {
            return calendar.date(byAdding: .day, value: 1, to: date)
        }
        return date.addingTimeInterval(seconds)
    }

    /// `+02:00`, `-0530` or `+01` as seconds east of UTC.
    private static func offsetSeconds(_ text: Substring) -> Int? {
        let sign = text.first == "-" ? -1 : 1
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCII), digits.count == 2 || digits.count == 4,
            let hours = Int(digits.prefix(2)),
            let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : digits.dropFirst(2)),
            hours <= 14, minutes < 60
        else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
