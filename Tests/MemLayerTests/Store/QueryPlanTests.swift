import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

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

        let plan = try raw.text("EXPLAIN QUERY PLAN " + SQLiteMemoryStore.activeByHashSQL, column: 3)
        #expect(plan.contains("USING INDEX memories_by_hash"), "\(plan)")
    }
}

/// A kept turn's place is looked up through its index (store version 8), not by reading the
/// metadata of every turn the user has.
@Suite("Query plans: turn places")
struct TurnPlaceQueryPlanTests {
    @Test("the neighbour query and the import's kept-positions query use memories_by_turn_place")
    func turnPlaceIndex() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("a memory so the store has statistics", userID: "alice")
        await fixture.store.close()
        let raw = try RawSQLite(path: fixture.path)
        for sql in [SQLiteMemoryStore.turnsAtPlacesSQL(conversations: 2, positions: 3), SQLiteMemoryStore.keptPositionsSQL] {
            let plan = try raw.text("EXPLAIN QUERY PLAN " + sql, column: 3)
            #expect(plan.contains("USING INDEX memories_by_turn_place"), "\(plan)")
        }
    }
}
