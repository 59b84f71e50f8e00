import Foundation
import MemLayer
import MemLayerPostgres
import Testing

/// A library user reaches PostgreSQL through public API only (no `@testable` import here, no
/// `package` symbol; `PostgresTestServer` only makes and drops the empty database), with the real
/// MiniLM embedder, and sees what the same steps show on SQLite. `scripts/check-public-api.sh`
/// typechecks this file and `PublicLibraryScenario.swift` as another package's, so a `package`
/// symbol used here fails the PostgreSQL test run.
@Suite(
    "The library on PostgreSQL, through public API",
    .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PublicLibraryTests {
    @Test("a MemoryClient over PostgresMemoryStore chats, searches, extracts and manages memories as on SQLite")
    func sameAsSQLite() async throws {
        let postgres = try await PostgresTestServer.withEmptyDatabase { url in
            let store = try await PostgresMemoryStore.open(url)
            do {
                let observed = try await PublicLibraryScenario.run(on: store)
                await store.close()
                return observed
            } catch {
                await store.close()
                throw error
            }
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "memlayer-public-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try SQLiteMemoryStore(location: .file(folder.appending(path: "memory.sqlite").path))
        let expected = try await PublicLibraryScenario.run(on: sqlite)
        await sqlite.close()

        // What the user sees on PostgreSQL is right…
        #expect(postgres.answer == "You work at Acme Corp.")
        #expect(postgres.toolResult.contains("I work at Acme Corp as an engineer"), "\(postgres.toolResult)")
        #expect(postgres.afterExtraction.contains("fact: \(PublicLibraryScenario.extractedFact)"))
        #expect(postgres.afterExtraction.contains { $0.hasPrefix("turn: ") && $0.contains("Dana moved to Porto") })
        #expect(postgres.searchTexts.first?.contains("Porto") == true, "\(postgres.searchTexts)")
        #expect(postgres.fetched == "Alice plays the cello")
        #expect(postgres.updated == "Alice plays the viola")
        #expect(postgres.history == ["add: -", "update: -", "delete: -"])
        #expect(!postgres.afterDelete.contains { $0.contains("Alice plays") })
        #expect(postgres.fetchedAfterDelete == nil)
        // …and the same as on SQLite.
        #expect(postgres == expected)
    }

    @Test("opening a database without a store to read fails, says how to create one, and creates nothing")
    func readOnlyOpenCreatesNothing() async throws {
        try await PostgresTestServer.withEmptyDatabase { url in
            let error = await #expect(throws: StoreError.self) {
                try await PostgresMemoryStore.open(url, createIfMissing: false)
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("holds no MemLayer store") == true, "\(String(describing: error))")
            // Still nothing there: a second read-only open fails the same way.
            await #expect(throws: StoreError.self) { try await PostgresMemoryStore.open(url, createIfMissing: false) }
            let created = try await PostgresMemoryStore.open(url)
            await created.close()
            let reopened = try await PostgresMemoryStore.open(url, createIfMissing: false)
            await reopened.close()
        }
    }
}
