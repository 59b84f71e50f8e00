import Foundation
import Testing

@testable import MemLayer

@Suite("A reminder's due time from the user's own words")
struct ReminderTimeTests {
    /// Thursday 26 November 2026, 10:30 in the zone under test.
    private static func now(_ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: 2026, month: 11, day: 26, hour: 10, minute: 30))!
    }

    private static func local(_ zone: TimeZone, _ day: Int, _ hour: Int, _ minute: Int = 0, month: Int = 11) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute))!
    }

    @Test(
        "a day and a clock time, in the user's zone",
        arguments: [
            ("Remind me tomorrow at 9 to call Dana.", 27, 9, 0, "tomorrow at 9"),
            ("remind me on Friday at 5:30 pm to pay rent", 27, 17, 30, "on Friday at 5:30 pm"),
            ("Remind me tomorrow at 5 to pick up the kids", 27, 17, 0, "tomorrow at 5"),
            ("Remind me tomorrow at noon to stretch", 27, 12, 0, "tomorrow at noon"),
            ("Remind me tomorrow at 21:15 to lock up", 27, 21, 15, "tomorrow at 21:15"),
            ("remind me tomorrow to call the bank", 27, 9, 0, "tomorrow"),
            ("Remind me to water the bonsai at 6pm", 26, 18, 0, "at 6pm"),
            ("Remind me at 8am to stretch", 27, 8, 0, "at 8am"),
            ("Remind me Thursday at 7 to jog", 33, 7, 0, "Thursday at 7"),  // 33 November: 3 December,
        ])
    func resolves(text: String, day: Int, hour: Int, minute: Int, phrase: String) throws {
        for zone in [TimeZone(identifier: "UTC")!, TimeZone(identifier: "America/New_York")!] {
            let due = try #require(ReminderTime.due(in: text, now: Self.now(zone), timeZone: zone))
            #expect(due.date == Self.local(zone, day, hour, minute), "\(text) in \(zone.identifier)")
            #expect(due.phrase.lowercased() == phrase.lowercased())
        }
    }

    @Test(
        "no day or clock time, a window longer than a day, or a time already past names nothing",
        arguments: [
            "Remind me to call Dana.", "Remind me next week to book the flights", "remind me in May about taxes",
            "Remind me yesterday at 9 to call", "the meeting is at 2023 HQ",
        ])
    func namesNothing(text: String) {
        let zone = TimeZone(identifier: "UTC")!
        #expect(ReminderTime.due(in: text, now: Self.now(zone), timeZone: zone) == nil, "\(text)")
    }

    @Test("clock times: am and pm, 24-hour, noon and midnight; impossible times are none")
    func clockTimes() {
        #expect(ClockTime.first(in: "at 12am")?.hour == 0)
        #expect(ClockTime.first(in: "at 12 p.m.")?.hour == 12)
        #expect(ClockTime.first(in: "at 7")?.hour == 7)
        #expect(ClockTime.first(in: "at 3")?.hour == 15)
        #expect(ClockTime.first(in: "at midnight")?.hour == 0)
        #expect(ClockTime.first(in: "at 9.45")?.minute == 45)
        #expect(ClockTime.first(in: "at 25") == nil)
        #expect(ClockTime.first(in: "at 9:75") == nil)
        #expect(ClockTime.first(in: "13pm") == nil)
    }
}
