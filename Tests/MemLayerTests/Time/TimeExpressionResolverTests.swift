import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Time expressions resolved against a fixed moment, in UTC unless a test says otherwise: the
/// shipped English word lists, calendar edges, and words that only look like dates.
@Suite("Time expressions")
struct TimeExpressionResolverTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// Wednesday 9 December 2026, 15:00 UTC.
    static let now = date("2026-12-09T15:00:00Z")

    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    static func resolver(_ zone: TimeZone = utc) throws -> TimeExpressionResolver {
        try TimeExpressionResolver(lexicon: TimeLexicon.load(), timeZone: zone)
    }

    /// The window as `first … end` ISO strings (end excluded), or nil.
    static func span(_ text: String, now: Date = now, zone: TimeZone = utc) throws -> String? {
        guard let window = try resolver(zone).window(in: text, now: now) else { return nil }
        return "\(iso(window.start)) … \(iso(window.end))"
    }

    /// `2026-12-09T15:00:00Z` (whole seconds).
    static func iso(_ date: Date) -> String { ISO8601.format(date).replacingOccurrences(of: ".000Z", with: "Z") }

    static func day(_ first: String, _ end: String) -> String { "\(first)T00:00:00Z … \(end)T00:00:00Z" }

    @Test(
        "days relative to the question",
        arguments: [
            ("what did I do yesterday?", day("2026-12-08", "2026-12-09")),
            ("anything today", day("2026-12-09", "2026-12-10")),
            ("the day before yesterday", day("2026-12-07", "2026-12-08")),
            ("what did I say 3 days ago", day("2026-12-06", "2026-12-07")),
            ("a day ago", day("2026-12-08", "2026-12-09")),
            ("what happens tomorrow", day("2026-12-10", "2026-12-11")),
        ])
    func days(_ query: String, _ expected: String) throws {
        #expect(try Self.span(query) == expected)
    }

    @Test(
        "weeks run Monday to Sunday; months and years are calendar ones",
        arguments: [
            ("what did I do last week", day("2026-11-30", "2026-12-07")),
            ("this week", day("2026-12-07", "2026-12-14")),
            ("next week", day("2026-12-14", "2026-12-21")),
            ("last weekend", day("2026-12-05", "2026-12-07")),
            ("two weeks ago", day("2026-11-23", "2026-11-30")),
            ("last month", day("2026-11-01", "2026-12-01")),
            ("this month", day("2026-12-01", "2027-01-01")),
            ("last year", day("2025-01-01", "2026-01-01")),
            ("two years ago", day("2024-01-01", "2025-01-01")),
            ("a few days ago", day("2026-12-04", "2026-12-08")),
            ("a couple of months ago", day("2026-10-01", "2026-11-01")),
        ])
    func calendarUnits(_ query: String, _ expected: String) throws {
        #expect(try Self.span(query) == expected)
    }

    @Test(
        "month names with and without a year",
        arguments: [
            ("what did I say in May 2023", day("2023-05-01", "2023-06-01")),
            ("May 2023", day("2023-05-01", "2023-06-01")),
            ("in May", day("2026-05-01", "2026-06-01")),
            ("during December", day("2026-12-01", "2027-01-01")),
            ("last May", day("2026-05-01", "2026-06-01")),
            ("last December", day("2025-12-01", "2026-01-01")),
            ("next March", day("2027-03-01", "2027-04-01")),
            ("this March", day("2026-03-01", "2026-04-01")),
            ("in 2023", day("2023-01-01", "2024-01-01")),
            ("on 8 May 2023", day("2023-05-08", "2023-05-09")),
            ("the 8th of May, 2023", day("2023-05-08", "2023-05-09")),
            ("May 8, 2023", day("2023-05-08", "2023-05-09")),
            ("on May 8th", day("2026-05-08", "2026-05-09")),
            ("Dec 24", day("2025-12-24", "2025-12-25")),
            ("2023-05-08", day("2023-05-08", "2023-05-09")),
            ("in 2023-05", day("2023-05-01", "2023-06-01")),
        ])
    func months(_ query: String, _ expected: String) throws {
        #expect(try Self.span(query) == expected)
    }

    @Test("a month that has not begun this year is last year's; December into January crosses the year")
    func monthBoundaries() throws {
        let january = Self.date("2027-01-03T10:00:00Z")
        #expect(try Self.span("in December", now: january) == Self.day("2026-12-01", "2027-01-01"))
        #expect(try Self.span("last month", now: january) == Self.day("2026-12-01", "2027-01-01"))
        #expect(try Self.span("yesterday", now: january) == Self.day("2027-01-02", "2027-01-03"))
        let march1 = Self.date("2023-03-01T08:00:00Z")
        #expect(try Self.span("yesterday", now: march1) == Self.day("2023-02-28", "2023-03-01"))
        #expect(try Self.span("last month", now: march1) == Self.day("2023-02-01", "2023-03-01"))
        let leapMarch1 = Self.date("2024-03-01T08:00:00Z")
        #expect(try Self.span("yesterday", now: leapMarch1) == Self.day("2024-02-29", "2024-03-01"))
        #expect(try Self.span("last month", now: leapMarch1) == Self.day("2024-02-01", "2024-03-01"))
        let march31 = Self.date("2026-03-31T12:00:00Z")
        #expect(try Self.span("a month ago", now: march31) == Self.day("2026-02-01", "2026-03-01"))
    }

    @Test("29 February exists only in leap years; impossible dates are no dates")
    func leapYears() throws {
        #expect(try Self.span("on 29 February 2024") == Self.day("2024-02-29", "2024-03-01"))
        #expect(try Self.span("on 29 February 2023") == nil)
        #expect(try Self.span("Feb 29") == Self.day("2024-02-29", "2024-03-01"))
        #expect(try Self.span("on 31 April 2024") == nil)
        #expect(try Self.span("2023-02-30") == nil)
        #expect(try Self.span("2023-13-01") == nil)
    }

    @Test(
        "weekdays: last is before today, this is this week's, a bare one the most recent",
        arguments: [
            ("last Friday", day("2026-12-04", "2026-12-05")),
            ("on Friday", day("2026-12-04", "2026-12-05")),
            ("last Wednesday", day("2026-12-02", "2026-12-03")),
            ("on Wednesday", day("2026-12-09", "2026-12-10")),
            ("this Friday", day("2026-12-11", "2026-12-12")),
            ("next Monday", day("2026-12-14", "2026-12-15")),
            ("last Monday", day("2026-12-07", "2026-12-08")),
        ])
    func weekdays(_ query: String, _ expected: String) throws {
        #expect(try Self.span(query) == expected)
    }

    @Test("parts of the day")
    func partsOfDay() throws {
        #expect(try Self.span("this morning") == "2026-12-09T05:00:00Z … 2026-12-09T12:00:00Z")
        #expect(try Self.span("last night") == "2026-12-08T18:00:00Z … 2026-12-09T06:00:00Z")
        #expect(try Self.span("yesterday evening") == "2026-12-08T18:00:00Z … 2026-12-09T00:00:00Z")
        #expect(try Self.span("Friday night") == "2026-12-04T18:00:00Z … 2026-12-05T06:00:00Z")
    }

    @Test("windows that end now, and before, after and since a date")
    func openWindows() throws {
        #expect(try Self.span("in the past 3 days") == "2026-12-06T15:00:00Z … 2026-12-09T15:00:00Z")
        #expect(try Self.span("the past week") == "2026-12-02T15:00:00Z … 2026-12-09T15:00:00Z")
        #expect(try Self.span("recently") == "2026-11-25T15:00:00Z … 2026-12-09T15:00:00Z")
        #expect(try Self.span("since March") == "2026-03-01T00:00:00Z … 2026-12-09T15:00:00Z")
        #expect(try Self.span("after May 2023") == "2023-06-01T00:00:00Z … 2026-12-09T15:00:00Z")
        let before = try Self.resolver().window(in: "before 2020", now: Self.now)
        #expect(before?.start == .distantPast)
        #expect(before?.end == Self.date("2020-01-01T00:00:00Z"))
    }

    @Test(
        "words that only look like dates are not",
        arguments: [
            "May I ask you something?", "march on", "wait a second", "I have 2023 photos", "we march in step",
            "she may come", "my friend April", "the second time", "I had 3 days off", "five people came",
            "a few things", "I will be back", "did I tell you before?", "what did I eat before bed", "June said hi",
        ])
    func falsePositives(_ query: String) throws {
        #expect(try Self.span(query) == nil)
        #expect(try Self.resolver().read(query, now: Self.now).anchor == nil)
    }

    @Test("a window is read in the question's time zone")
    func timeZones() throws {
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        // 15:00 UTC is already 10 December in Tokyo.
        let window = try #require(try Self.resolver(tokyo).window(in: "yesterday", now: Self.now))
        #expect(window.start == Self.date("2026-12-08T15:00:00Z"))
        #expect(window.end == Self.date("2026-12-09T15:00:00Z"))
        #expect(window.span(in: tokyo) == "2026-12-09")
    }

    @Test("an event the question is placed before or after is named for search to date")
    func eventAnchors() throws {
        let reading = try Self.resolver().read("what did I pack before the trip to Lisbon?", now: Self.now)
        #expect(reading.window == nil)
        #expect(reading.anchor?.side == .before)
        #expect(reading.anchor?.phrase == "the trip to Lisbon")
        #expect(try Self.resolver().read("how was I after my surgery", now: Self.now).anchor?.phrase == "my surgery")
    }

    @Test("questions about when are recognised; the phrase and its place are kept")
    func whenQuestions() throws {
        let resolver = try Self.resolver()
        #expect(resolver.read("When did I move to Berlin?", now: Self.now).asksWhen)
        #expect(resolver.read("what year did Dana marry?", now: Self.now).asksWhen)
        #expect(!resolver.read("where do I work?", now: Self.now).asksWhen)
        let query = "what did I say last Friday about Dana"
        let reading = resolver.read(query, now: Self.now)
        #expect(reading.window?.phrase == "last Friday")
        #expect(reading.range.map { String(query[$0]) } == "last Friday")
    }

    @Test("the word lists are data: another file adds words")
    func lexiconIsData() throws {
        var lexicon = try TimeLexicon.load()
        #expect(TimeExpressionResolver(lexicon: lexicon, timeZone: Self.utc).window(in: "im Mai", now: Self.now) == nil)
        lexicon.add("[month]\nmai | 5\n[month-context]\nim\n")
        let window = TimeExpressionResolver(lexicon: lexicon, timeZone: Self.utc).window(in: "im Mai", now: Self.now)
        #expect(window?.start == Self.date("2026-05-01T00:00:00Z"))
    }
}
