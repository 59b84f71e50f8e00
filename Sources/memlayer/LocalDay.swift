import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CLI's day stamps ("7 Dec 2026", the local calendar day), read through the C library's
/// time zone (`localtime_r`, which follows `TZ` and `/etc/localtime` with their daylight-saving
/// rules) instead of Foundation's date formatters: those load ICU's calendar and locale data,
/// about 3 MB and 1.5 ms in every one-shot `memlayer search`. The CLI speaks English, so the
/// month names are English whatever the locale.
enum LocalDay {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as the day it falls on in the local time zone: "7 Dec 2026".
    static func text(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil, (0..<12).contains(Int(parts.tm_mon)) else {
            return date.formatted(.iso8601.year().month().day())
        }
        return "\(parts.tm_mday) \(months[Int(parts.tm_mon)]) \(Int(parts.tm_year) + 1900)"
    }
}
