import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// A large import is staged: its rows are written in short transactions that other writers get
/// between, unseen by every read until one short transaction switches them in, and a failed or
/// killed import leaves nothing (issue 15, item 2).
@Suite("Staged import")
struct StagedImportTests {
    static let user = "alice"

    static func items(_ count: Int, from start: Int = 0) -> [NewMemory] {
        (start..<start + count).map { NewMemory(text: "imported note number \($0) about topic \($0 % 7)") }
    }

    @Test("between staging transactions another connection writes at once and sees none of the import")
    func otherWritersGetInAndSeeNothing() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("the only memory so far", userID: Self.user)
        let other = try await MemoryEngine(
            store: SQLiteMemoryStore(location: .file(fixture.path), createIfMissing: true, lockWait: .zero),
            embedder: HashingEmbedder())
        let seen = Observations()
        await fixture.store.setStagingPause {
            do {
                // lockWait zero: this fails at once if the import still held the write lock.
                _ = try await other.store.addTask("written during the import \(UUID())", dueAt: nil, userID: Self.user)
                let stats = try await other.store.stats(userID: Self.user)
                let listed = try await other.store.memories(userID: Self.user).count
                let vector = try await other.search("imported note number 5", userID: Self.user, k: 5)
                let keyword = try await other.search(
                    "imported note number", userID: Self.user, tier: .balanced, limit: 5)
                let found = (vector + keyword.hits).filter { $0.memory.text.hasPrefix("imported") }.count
                await seen.record(visible: [stats.activeMemories, listed, found])
            } catch {
                await seen.record(failure: "\(error)")
            }
        }
        let stored = try await fixture.engine.importMemories(Self.items(1_000), userID: Self.user)
        #expect(stored.count == 1_000)

        #expect(await seen.failures == [])
        #expect(await seen.pauses >= 1)
        let visible = await seen.visible
        #expect(visible.allSatisfy { $0 == [1, 1, 0] }, "\(visible)")
        let stats = try await other.store.stats(userID: Self.user)
        #expect(stats.activeMemories == 1_001)
        #expect(stats.pendingTasks == (await seen.pauses))
        #expect(stats.historyEntries == 1_001)
        let hits = try await other.search("imported note number 5 about topic 5", userID: Self.user, k: 1)
        #expect(hits.first?.memory.text == "imported note number 5 about topic 5")
        let raw = try RawSQLite(path: fixture.path)
        #expect(try raw.integer("SELECT count(*) FROM memories WHERE import_batch IS NOT NULL") == 0)
        #expect(try raw.integer("SELECT count(*) FROM import_batches") == 0)
        await other.store.close()
    }

    @Test("an import whose switch fails leaves no row, no history and no batch behind")
    func failedSwitchLeavesNothing() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("the only memory so far", userID: Self.user)
        let path = fixture.path
        await fixture.store.setStagingPause {
            // Another process switches the store's embedder while the import is staged.
            try? RawSQLite(path: path).execute("UPDATE meta SET value = 'other/384' WHERE key = 'embedder'")
        }
        let error = await #expect(throws: StoreError.self) {
            try await fixture.engine.importMemories(Self.items(600), userID: Self.user)
        }
        #expect(error?.kind == .embedderMismatch)
        #expect(error?.message.contains("nothing was imported") == true)
        try Self.expectOnlySeed(at: path)
    }

    @Test("an import whose batch another process discarded fails and leaves nothing")
    func discardedBatchFails() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("the only memory so far", userID: Self.user)
        let path = fixture.path
        await fixture.store.setStagingPause {
            try? RawSQLite(path: path).execute("DELETE FROM import_batches")
        }
        let error = await #expect(throws: StoreError.self) {
            // Enough rows for more than one staging transaction on any machine.
            try await fixture.engine.importMemories(Self.items(20_000), userID: Self.user)
        }
        #expect(error?.kind == .busy)
        try Self.expectOnlySeed(at: path)
    }

    @Test("rows staged by a process that is gone, or by a lapsed claim, are deleted when the store opens")
    func abandonedBatchesAreDiscarded() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("the only memory so far", userID: Self.user)
        await fixture.store.close()
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let now = Date().timeIntervalSince1970
        let raw = try RawSQLite(path: fixture.path)
        try raw.execute(
            """
            INSERT INTO import_batches (id, user_id, host, process_id, started_at, renewed_at) VALUES
                (7, 'alice', '\(ReindexLease.currentHost)', \(finished.processIdentifier), \(now), \(now)),
                (8, 'alice', 'another-host', 1, \(now - 3_600), \(now - 3_600)),
                (9, 'alice', '\(ReindexLease.currentHost)', \(getpid()), \(now), \(now));
            WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 1200)
            INSERT INTO memories (external_id, user_id, text, created_at, updated_at, content_hash, import_batch)
            SELECT 'staged-' || value, 'alice', 'staged text ' || value, 0, 0, 'h' || value, 7 + value % 4 FROM n;
            """)
        #expect(try raw.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'staged'") == 1_200)

        let reopened = try await fixture.reopen()
        // Batch 9 belongs to a live process (this one) and stays; 7 (process gone), 8 (lapsed)
        // and 10 (registered nowhere) are deleted, from the full-text index too.
        #expect(try raw.integer("SELECT count(*) FROM memories WHERE import_batch IS NOT NULL") == 300)
        #expect(try raw.integer("SELECT group_concat(id) FROM import_batches") == 9)
        #expect(try raw.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'staged'") == 300)
        #expect(try await reopened.store.stats(userID: Self.user).activeMemories == 1)
        try raw.execute("PRAGMA integrity_check; INSERT INTO memories_fts (memories_fts) VALUES ('integrity-check')")
        await reopened.store.close()
    }

    @Test("a staged import still replaces by id and merges the same text, in input order")
    func replacementsAndMergesAtTheSwitch() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.importMemories(
            [NewMemory(text: "old text of kept-id", id: "kept-id"), NewMemory(text: "a sentence said before")],
            userID: Self.user)
        var items = Self.items(400)
        items[10] = NewMemory(text: "new text of kept-id", id: "kept-id")
        items[20] = NewMemory(text: "A sentence said before", importance: 0.9)
        items[30] = NewMemory(text: "first text of twice", id: "twice")
        items[40] = NewMemory(text: "second text of twice", id: "twice")
        items[50] = NewMemory(text: "imported note number 3 about topic 3")  // the same text as items[3]
        let stored = try await fixture.engine.importMemories(items, userID: Self.user)

        #expect(stored[10].text == "new text of kept-id")
        #expect(stored[20].text == "a sentence said before" && stored[20].importance == 0.9)
        #expect(stored[30].id == "twice" && stored[40].id == "twice")
        #expect(stored[50].id == stored[3].id)
        #expect(try await fixture.store.memory(id: "twice", userID: Self.user)?.text == "second text of twice")
        let stats = try await fixture.store.stats(userID: Self.user)
        #expect(stats.activeMemories == 2 + 400 - 4)
        let hits = try await fixture.engine.search("new text of kept-id", userID: Self.user, k: 1)
        #expect(hits.first?.memory.id == "kept-id")
        await fixture.store.close()
    }

    @Test("staging's lookups use their indexes after PRAGMA optimize saw a one-memory store")
    func stagingPlansWithStaleStatistics() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("the only memory so far", userID: Self.user)
        await fixture.store.close()
        let raw = try RawSQLite(path: fixture.path)
        #expect(try raw.integer("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'memories'") > 0)
        let hashPlan = try raw.text("EXPLAIN QUERY PLAN " + SQLiteMemoryStore.stagedOrActiveByHashSQL, column: 3)
        #expect(hashPlan.contains("USING INDEX memories_by_hash"), "\(hashPlan)")
        let switchPlan = try raw.text(
            "EXPLAIN QUERY PLAN UPDATE memories INDEXED BY memories_staged SET import_batch = NULL WHERE import_batch = ?",
            column: 3)
        #expect(switchPlan.contains("memories_staged"), "\(switchPlan)")
    }

    /// The store holds the seed memory and nothing an import wrote.
    static func expectOnlySeed(at path: String) throws {
        let raw = try RawSQLite(path: path)
        #expect(try raw.integer("SELECT count(*) FROM memories") == 1)
        #expect(try raw.integer("SELECT count(*) FROM history") == 1)
        #expect(try raw.integer("SELECT count(*) FROM import_batches") == 0)
        #expect(try raw.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'imported'") == 0)
    }
}

/// What the staging pause saw, collected across its calls.
actor Observations {
    private(set) var pauses = 0
    private(set) var visible: [[Int]] = []
    private(set) var failures: [String] = []

    func record(visible counts: [Int]) {
        pauses += 1
        visible.append(counts)
    }

    func record(failure: String) {
        pauses += 1
        failures.append(failure)
    }
}
