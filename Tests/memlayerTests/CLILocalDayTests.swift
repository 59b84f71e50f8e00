import Foundation
import Testing

@Suite("memlayer search: each hit's day in the local time zone")
struct CLILocalDayTests {
    /// One memory written at 11:30 UTC on 1 March 2026: already 2 March in Auckland (UTC+13 in
    /// its summer), still 1 March in New York (UTC-5).
    private func storeWithOneMemory(_ cli: CLIRunner) throws {
        let line = #"{"id": "m1", "text": "The boat is called Kestrel", "created_at": "2026-03-01T11:30:00Z"}"#
        let imported = try cli.run(["import", "--embedder", "hash", "-"], input: line + "\n")
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test(
        "the plain list dates a hit by the day it was in TZ, daylight saving included",
        arguments: [("UTC", "1 Mar 2026"), ("Pacific/Auckland", "2 Mar 2026"), ("America/New_York", "1 Mar 2026")])
    func dayFollowsTimeZone(zone: String, day: String) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try storeWithOneMemory(cli)
        let result = try cli.run(["search", "boat", "--lightweight"], environment: ["TZ": zone])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(m1, \(day))"), "\(result.stdout)")
    }

    @Test("the day matches Foundation's calendar in the zone the process runs in")
    func matchesFoundation() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try storeWithOneMemory(cli)
        let result = try cli.run(["search", "boat", "--lightweight"])
        #expect(result.status == 0, "\(result.stderr)")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        calendar.locale = Locale(identifier: "en_US_POSIX")
        let parts = calendar.dateComponents(
            [.day, .month, .year], from: try Date("2026-03-01T11:30:00Z", strategy: .iso8601))
        let month = calendar.shortMonthSymbols[parts.month! - 1]
        #expect(result.stdout.contains("(m1, \(parts.day!) \(month) \(parts.year!))"), "\(result.stdout)")
    }
}
