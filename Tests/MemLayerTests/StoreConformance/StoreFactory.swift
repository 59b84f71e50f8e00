import Foundation
import MemLayerStore
import Testing

/// Makes empty stores for the conformance suite: every store kind adds one, and each test runs
/// once per factory, so all stores keep one contract (``MemoryStoring``).
struct StoreFactory: Sendable, CustomTestStringConvertible {
    /// The store kind, as test names show it.
    let name: String
    /// A new, empty store bound to a 4-dimensional test embedder, and how to remove its data.
    let make: @Sendable () async throws -> (store: any MemoryStoring, remove: @Sendable () -> Void)

    var testDescription: String { name }

    /// Every store kind the suite runs on.
    static let all: [StoreFactory] = [.sqlite]

    /// A SQLite file in a fresh temporary folder.
    static let sqlite = StoreFactory(name: "SQLite") {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        let store = try SQLiteMemoryStore(location: .file(folder.appendingPathComponent("memory.sqlite").path))
        return (store, { try? FileManager.default.removeItem(at: folder) })
    }

    /// Runs `body` with a new store, then closes and removes it.
    func withStore<T>(_ body: (any MemoryStoring) async throws -> T) async throws -> T {
        let (store, remove) = try await make()
        defer { remove() }
        try await store.useEmbedder(id: Self.embedderID, dimension: 4)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// The embedder id the suite's stores are bound to.
    static let embedderID = "conformance/4"
}

/// Small, hand-made vectors and writes the conformance tests share.
enum Conformance {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// A unit vector along `axis` (0…3), tilted by `tilt` toward the next axis.
    static func vector(_ axis: Int, tilt: Float = 0) -> [Float] {
        var vector: [Float] = [0, 0, 0, 0]
        vector[axis] = 1
        vector[(axis + 1) % 4] = tilt
        return vector
    }

    /// A duplicate check that calls two facts the same from `threshold` up, whatever their words.
    static func duplicates(from threshold: Float) -> DuplicateCheck {
        DuplicateCheck(lowestThreshold: threshold) { _, _, cosine in cosine >= threshold }
    }

    /// A turn queued at ``now``.
    static func turn(_ text: String) -> ConversationTurn {
        ConversationTurn(user: text, assistant: "Noted.", at: now)
    }

    /// Queues a turn for `userID` and writes `write` as its extraction.
    static func extract(
        _ write: ExtractionWrite, userID: String, in store: any MemoryStoring
    ) async throws -> ExtractionSummary? {
        let job = try await store.enqueue(turn("a turn"), userID: userID)
        return try await store.commitExtraction(jobID: job, userID: userID, write, learnedAt: now, now: now)
    }

    /// An extraction write of `facts` (text, vector axis) with `entities` and `relationships`.
    static func write(
        facts: [(String, [Float])], entities: [ExtractedEntity] = [], relationships: [ExtractedRelationship] = [],
        tasks: [ExtractedTask] = [], duplicates: DuplicateCheck = Conformance.duplicates(from: 0.95)
    ) -> ExtractionWrite {
        ExtractionWrite(
            facts: facts.map { PreparedFact(fact: ExtractedFact(text: $0.0, importance: 0.5), vector: $0.1) },
            entities: entities, relationships: relationships, tasks: tasks, source: "chat", duplicates: duplicates)
    }
}
