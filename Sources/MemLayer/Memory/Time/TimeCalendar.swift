import Foundation

/// Calendar arithmetic in one time zone: days from midnight to midnight, weeks from Monday,
/// months and years as the calendar has them (leap years included).
struct TimeCalendar: Sendable {
    private(set) var calendar: Calendar

    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        self.calendar = calendar
    }

    var timeZone: TimeZone { calendar.timeZone }

    /// `date` moved by `count` days, weeks (7 days), months or years; hours and minutes move by the clock.
    func adding(_ count: Int, _ unit: TimeUnit, to date: Date) -> Date {
        switch unit {
        case .minute: date.addingTimeInterval(Double(count) * 60)
        case .hour: date.addingTimeInterval(Double(count) * 3600)
        case .day: calendar.date(byAdding: .day, value: count, to: date) ?? date
        case .week, .weekend: calendar.date(byAdding: .day, value: 7 * count, to: date) ?? date
        case .month: calendar.date(byAdding: .month, value: count, to: date) ?? date
        case .year: calendar.date(byAdding: .year, value: count, to: date) ?? date
        }
    }

    /// The whole `unit` that holds `date`: its day, its Monday-to-Sunday week, the Saturday and
    /// Sunday of its week, its month or its year; an hour or minute is the hour or minute itself.
    func span(of unit: TimeUnit, containing date: Date) -> (start: Date, end: Date) {
        switch unit {
        case .minute, .hour:
            let length: TimeInterval = unit == .minute ? 60 : 3600
            let start = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / length).rounded(.down) * length)
            return (start, start.addingTimeInterval(length))
        case .day:
            let start = calendar.startOfDay(for: date)
            return (start, adding(1, .day, to: start))
        case .week, .weekend:
            let day = calendar.startOfDay(for: date)
            let monday = adding(1 - isoWeekday(of: date), .day, to: day)
            if unit == .weekend { return (adding(5, .day, to: monday), adding(7, .day, to: monday)) }
            return (monday, adding(7, .day, to: monday))
        case .month:
            let parts = calendar.dateComponents([.year, .month], from: date)
            return month(parts.year ?? 1970, parts.month ?? 1)!
        case .year:
            return year(calendar.component(.year, from: date))!
        }
    }

    /// Monday 1 … Sunday 7.
    func isoWeekday(of date: Date) -> Int {
        (calendar.component(.weekday, from: date) + 5) % 7 + 1
    }

    /// The year, month and day of `date`.
    func parts(of date: Date) -> (year: Int, month: Int, day: Int) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// The day `year-month-day`, or nil when there is no such day (31 April, 29 February 2023).
    func day(_ year: Int, _ month: Int, _ day: Int) -> (start: Date, end: Date)? {
        guard (1...12).contains(month), (1...31).contains(day),
            let start = calendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return nil }
        guard parts(of: start) == (year, month, day) else { return nil }
        return (start, adding(1, .day, to: start))
    }

    /// The month `year-month`, or nil when `month` is not 1…12.
    func month(_ year: Int, _ month: Int) -> (start: Date, end: Date)? {
        guard (1...12).contains(month),
            let start = calendar.date(from: DateComponents(year: year, month: month, day: 1))
        else { return nil }
        return (start, adding(1, .month, to: start))
    }

    /// The year `year`.
    func year(_ year: Int) -> (start: Date, end: Date)? {
        guard let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1)) else { return nil }
        return (start, adding(1, .year, to: start))
    }
}

/// The units time expressions count in.
enum TimeUnit: String, Sendable {
    case minute, hour, day, week, weekend, month, year
}
