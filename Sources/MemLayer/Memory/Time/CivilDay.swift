import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The calendar day a moment falls on in a time zone, written in fixed English forms.
///
/// The local zone is read through the C library (`localtime_r`, which follows `TZ` and
/// `/etc/localtime` with their daylight-saving rules), any other zone through Foundation's
/// Gregorian calendar. Foundation's date formatters and `TimeZone.current` load ICU's locale and
/// zone data on first use — about 5 MB of memory and 1–2 ms in a one-shot `memlayer search`,
/// which only writes days.
package struct CivilDay: Sendable, Equatable {
    package var year: Int
    /// 1 … 12.
    package var month: Int
    /// 1 … 31.
    package var day: Int

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The day `date` falls on in `zone`; nil is the local zone.
    package init(_ date: Date, in zone: TimeZone? = nil) {
        if let zone {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            return
        }
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else {
            self.init(date, in: TimeZone(secondsFromGMT: 0))
            return
        }
        self.init(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }

    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = min(max(month, 1), 12)
        self.day = day
    }

    /// "2026-12-07".
    package var iso: String {
        let month = self.month < 10 ? "0\(self.month)" : "\(self.month)"
        let day = self.day < 10 ? "0\(self.day)" : "\(self.day)"
        return "\(year)-\(month)-\(day)"
    }

    /// "7 December 2026".
    package var long: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }

    /// "7 Dec 2026".
    package var short: String { "\(day) \(Self.monthNames[month - 1].prefix(3)) \(year)" }
}
