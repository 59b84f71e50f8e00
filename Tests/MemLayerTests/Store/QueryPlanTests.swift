import Foundation
import Testing

@testable import MemLayer

/// The write path's lookups use their index whatever statistics the file holds (issue 15,
/// item 2: statistics recorded while a store held one memory made every imported row scan the
/// whole table).
@Suite("Query plans")
struct QueryPlanTests {
    @Test("the duplicate lookup by content hash uses its index after PRAGMA optimize saw a one-memory store")
    func hashLookupWithStaleStatistics() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("the only memory so far", userID: "alice")
        await fixture.store.close()  // runs PRAGMA optimize, which records statistics for one row
        let raw = try RawSQLite(path: fixture.path)
        #expect(try raw.integer("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'memories'") > 0)

        let plan = try raw.text("EXPLAIN QUERY PLAN " + MemoryStore.activeByHashSQL, column: 3)
        #expect(plan.contains("USING INDEX memories_by_hash"), "\(plan)")
    }
}
