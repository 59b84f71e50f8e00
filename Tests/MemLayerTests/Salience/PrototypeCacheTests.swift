import Foundation
import MemLayer
import Testing

@Suite("Salience prototype vector cache")
struct PrototypeCacheTests {
    private let probes = ["my cat hates the vet", "what is a limerick", "I moved to Porto", "thanks a lot"]
    private var prototypeCount: Int { SmallPrototypes.salient.count + SmallPrototypes.nonSalient.count }

    private func gate(_ embedder: any Embedder, _ prototypes: SaliencePrototypes, _ store: SQLiteMemoryStore)
        async throws -> PrototypeSalienceGate
    {
        try await PrototypeSalienceGate(embedder: embedder, prototypes: prototypes, store: store, rules: nil)
    }

    private func rows(_ path: String, embedder: String? = nil) throws -> Int64 {
        let filter = embedder.map { " WHERE embedder = '\($0)'" } ?? ""
        return try RawSQLite(path: path).integer("SELECT count(*) FROM prototype_vectors" + filter)
    }

    @Test("a second gate, on a reopened store, reads the vectors instead of embedding them")
    func reusedAcrossOpens() async throws {
        let folder = try PrototypeFolder(salient: SmallPrototypes.salient, nonSalient: SmallPrototypes.nonSalient)
        let prototypes = try folder.load()
        let fixture = try await StoreFixture()
        let first = ScriptedEmbedder(HashingEmbedder(dimension: 64))
        let firstGate = try await gate(first, prototypes, fixture.store)
        #expect(first.textsEmbedded == prototypeCount)
        #expect(try rows(fixture.path) == Int64(prototypeCount))
        let firstDecisions = try await firstGate.evaluate(probes)
        await fixture.store.close()

        let reopened = try SQLiteMemoryStore(location: .file(fixture.path))
        let second = ScriptedEmbedder(HashingEmbedder(dimension: 64))
        let secondGate = try await gate(second, try folder.load(), reopened)
        #expect(second.textsEmbedded == 0, "prototypes must come from prototype_vectors")
        #expect(try await secondGate.evaluate(probes) == firstDecisions)
        #expect(second.textsEmbedded == probes.count)
    }

    @Test("changing a sentence in a prototype file recomputes; comments and blank lines do not")
    func fileChanges() async throws {
        let folder = try PrototypeFolder(salient: SmallPrototypes.salient, nonSalient: SmallPrototypes.nonSalient)
        let fixture = try await StoreFixture()
        let embedder = ScriptedEmbedder(HashingEmbedder(dimension: 64))
        let original = try folder.load()
        _ = try await gate(embedder, original, fixture.store)
        #expect(embedder.textsEmbedded == prototypeCount)

        // Only comments and spacing change: same sentences, same hash, nothing embedded.
        try folder.write(
            salient: ["# facts", ""] + SmallPrototypes.salient.map { "  \($0)  " },
            nonSalient: SmallPrototypes.nonSalient + ["", "# end"])
        let reformatted = try folder.load()
        #expect(reformatted.setHash == original.setHash)
        _ = try await gate(embedder, reformatted, fixture.store)
        #expect(embedder.textsEmbedded == prototypeCount)

        // One sentence changes: a new hash, the whole set re-embedded, the stale set deleted.
        let edited = SmallPrototypes.salient.dropLast() + ["I'm vegetarian."]
        try folder.write(salient: Array(edited), nonSalient: SmallPrototypes.nonSalient + ["Nice weather."])
        let changed = try folder.load()
        #expect(changed.setHash != original.setHash)
        _ = try await gate(embedder, changed, fixture.store)
        #expect(embedder.textsEmbedded == prototypeCount + prototypeCount + 1)
        #expect(try rows(fixture.path) == Int64(prototypeCount + 1))
        let hashes = try RawSQLite(path: fixture.path).integer(
            "SELECT count(*) FROM prototype_vectors WHERE set_hash = '\(changed.setHash)'")
        #expect(hashes == Int64(prototypeCount + 1))
    }

    @Test("another embedder computes its own vectors and leaves the first one's in place")
    func embedderChanges() async throws {
        let prototypes = try SaliencePrototypes(
            salient: SmallPrototypes.salient, nonSalient: SmallPrototypes.nonSalient)
        let fixture = try await StoreFixture()
        let small = ScriptedEmbedder(HashingEmbedder(dimension: 32))
        let large = ScriptedEmbedder(HashingEmbedder(dimension: 64))
        _ = try await gate(small, prototypes, fixture.store)
        _ = try await gate(large, prototypes, fixture.store)
        #expect(small.textsEmbedded == prototypeCount && large.textsEmbedded == prototypeCount)
        #expect(try rows(fixture.path, embedder: small.id) == Int64(prototypeCount))
        #expect(try rows(fixture.path, embedder: large.id) == Int64(prototypeCount))
        _ = try await gate(small, prototypes, fixture.store)
        #expect(small.textsEmbedded == prototypeCount, "the first embedder's vectors are still cached")
    }

    @Test("a damaged or incomplete cache is recomputed, not trusted")
    func damagedCache() async throws {
        let prototypes = try SaliencePrototypes(
            salient: SmallPrototypes.salient, nonSalient: SmallPrototypes.nonSalient)
        let fixture = try await StoreFixture()
        let embedder = ScriptedEmbedder(HashingEmbedder(dimension: 64))
        _ = try await gate(embedder, prototypes, fixture.store)
        try RawSQLite(path: fixture.path).execute(
            "UPDATE prototype_vectors SET embedding = x'0000' WHERE label = 'salient' AND position = 1")
        _ = try await gate(embedder, prototypes, fixture.store)
        #expect(embedder.textsEmbedded == 2 * prototypeCount)

        try RawSQLite(path: fixture.path).execute(
            "DELETE FROM prototype_vectors WHERE label = 'non_salient' AND position = 0")
        _ = try await gate(embedder, prototypes, fixture.store)
        #expect(embedder.textsEmbedded == 3 * prototypeCount)
        #expect(try rows(fixture.path) == Int64(prototypeCount))
    }

    @Test("the store returns exactly the float32 values it was given")
    func roundTrip() async throws {
        let fixture = try await StoreFixture()
        let vectors = PrototypeVectors(
            salient: [[1, -0.5, .leastNonzeroMagnitude], [0.1, 0.2, 0.3]], nonSalient: [[-1, 1e-30, .pi]])
        try await fixture.store.savePrototypeVectors(vectors, embedder: "test/3", setHash: "abc")
        let read = try await fixture.store.prototypeVectors(
            embedder: "test/3", setHash: "abc", salientCount: 2, nonSalientCount: 1, dimension: 3)
        #expect(read == vectors)
        #expect(
            try await fixture.store.prototypeVectors(
                embedder: "test/3", setHash: "other", salientCount: 2, nonSalientCount: 1, dimension: 3) == nil)
        #expect(
            try await fixture.store.prototypeVectors(
                embedder: "test/3", setHash: "abc", salientCount: 3, nonSalientCount: 1, dimension: 3) == nil)
        #expect(
            try await fixture.store.prototypeVectors(
                embedder: "test/3", setHash: "abc", salientCount: 2, nonSalientCount: 1, dimension: 4) == nil)
    }
}
