import Foundation
import MemLayer
import Synchronization
import Testing

@Suite("Curation runner", .timeLimit(.minutes(1)))
struct CurationRunnerTests {
    typealias F = CurationFixture

    @Test("runs a pass at once, then one per interval of the injected clock, and stops when cancelled")
    func schedule() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Table booked for Friday", id: "booking", expiresAt: F.day(2))
        try await fixture.add("Lunch order for the team", id: "lunch", expiresAt: F.day(5))
        let clock = ManualClock()
        let (passes, reported) = AsyncStream.makeStream(of: Result<[CurationReport], any Error>.self)
        var iterator = passes.makeAsyncIterator()
        func nextPass() async throws -> [[String]] { try #require(await iterator.next()).get().map(\.deleted) }
        // Curation's wall clock follows the manual clock: one tick of it is one day.
        let runner = CurationRunner(
            curator: Curator(store: fixture.store), scope: .user("alice"), interval: .seconds(3600), clock: clock,
            now: { F.day(Double(clock.now.offset.components.seconds) / 3600 * 2 + 1) },
            onPass: { reported.yield($0) })
        let task = Task { await runner.run() }

        #expect(try await nextPass() == [[]])  // at open: day 1, nothing due yet
        try await clock.waitForSleeper()
        #expect(clock.deadlines == [ManualClock.Instant(offset: .seconds(3600))])
        clock.advance(by: .seconds(3599))
        #expect(clock.deadlines.count == 1)  // not yet
        clock.advance(by: .seconds(1))
        #expect(try await nextPass() == [["booking"]])  // day 3
        try await clock.waitForSleeper()
        clock.advance(by: .seconds(3600))
        #expect(try await nextPass() == [["lunch"]])  // day 5
        try await clock.waitForSleeper()

        task.cancel()
        await task.value
        #expect(clock.deadlines.isEmpty)
        #expect(try await fixture.store.memories(userID: "alice").isEmpty)
    }

    @Test("a closed store ends the runner after reporting why")
    func closedStore() async throws {
        let fixture = try await CurationFixture()
        await fixture.store.close()
        let failures = Mutex<[String]>([])
        let runner = CurationRunner(
            curator: Curator(store: fixture.store), scope: .allUsers, clock: ManualClock(),
            onPass: { result in
                if case .failure(let error) = result { failures.withLock { $0.append("\(error)") } }
            })
        await runner.run()
        #expect(failures.withLock { $0 } == ["the memory store is closed"])
    }

    @Test("cancelled before it starts, the runner returns without a pass")
    func cancelledEarly() async throws {
        let fixture = try await CurationFixture()
        let count = Mutex(0)
        let runner = CurationRunner(
            curator: Curator(store: fixture.store), scope: .allUsers, clock: ManualClock(),
            onPass: { _ in count.withLock { $0 += 1 } })
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await runner.run()
        }
        await task.value
        #expect(count.withLock { $0 } == 0)
    }
}
