import Foundation
import MemLayerPostgres
import MemLayerStore
import Testing

/// The stores the conformance suite runs on. PostgreSQL needs a server:
/// `scripts/test-postgres.sh` starts one and sets MEMLAYER_TEST_POSTGRES_URL; without it the
/// PostgreSQL cases are left out of the arguments and ``PostgresAvailability`` reports the skip.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue == "sqlite" ? "SQLite" : "PostgreSQL" }

    static let postgresURL: String? = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"]

    /// SQLite always; PostgreSQL when a server is given.
    static let available: [StoreKind] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
}

/// The embedder every conformance test's vectors pretend to come from.
let testEmbedder = (id: "test-embedder/4", dimension: 4)

/// One fresh, empty store of `kind` (a temporary SQLite file, or a new PostgreSQL database), with
/// a way to open a second handle on the same data (another process's view) and to throw it away.
struct StoreFixture: Sendable {
    let kind: StoreKind
    let store: any MemoryStoring
    let openAnother: @Sendable () async throws -> any MemoryStoring
    let dispose: @Sendable () async throws -> Void
    /// The PostgreSQL store's database, for opening it with other settings.
    var postgresURL: String? = nil

    static func make(_ kind: StoreKind) async throws -> StoreFixture {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("memlayer-conformance-" + UUID().uuidString)
            let path = folder.appendingPathComponent("memory.sqlite").path
            let open: @Sendable () async throws -> any MemoryStoring = {
                let store = try SQLiteMemoryStore(location: .file(path))
                try await store.useEmbedder(id: testEmbedder.id, dimension: testEmbedder.dimension)
                return store
            }
            let store = try await open()
            return StoreFixture(
                kind: kind, store: store, openAnother: open,
                dispose: {
                    await store.close()
                    try? FileManager.default.removeItem(at: folder)
                })
        case .postgres:
            guard let base = StoreKind.postgresURL, var components = URLComponents(string: base) else {
                throw StoreError(.invalidInput, "MEMLAYER_TEST_POSTGRES_URL is unset")
            }
            let name = "conformance_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = try await PostgresConnection.connect(to: try PostgresURL(base))
            try await admin.execute("CREATE DATABASE \(name)")
            await admin.close()
            components.path = "/" + name
            let url = components.string!
            let open: @Sendable () async throws -> any MemoryStoring = {
                let store = try await PostgresMemoryStore.open(url)
                try await store.useEmbedder(id: testEmbedder.id, dimension: testEmbedder.dimension)
                return store
            }
            let store = try await open()
            return StoreFixture(
                kind: kind, store: store, openAnother: open,
                dispose: {
                    await store.close()
                    let admin = try await PostgresConnection.connect(to: try PostgresURL(base))
                    try await admin.execute("DROP DATABASE \(name) WITH (FORCE)")
                    await admin.close()
                }, postgresURL: url)
        }
    }
}

/// Runs `body` with a fresh store of `kind`, disposed of afterwards whatever happens.
func withStore(_ kind: StoreKind, _ body: (any MemoryStoring, StoreFixture) async throws -> Void) async throws {
    let fixture = try await StoreFixture.make(kind)
    do {
        try await body(fixture.store, fixture)
    } catch {
        try? await fixture.dispose()
        throw error
    }
    try await fixture.dispose()
}

/// Reports, as a skipped test, that the PostgreSQL half of the suite did not run.
@Suite("Store conformance: PostgreSQL availability")
struct PostgresAvailability {
    @Test(
        "the PostgreSQL store runs the same conformance cases",
        .enabled(
            if: StoreKind.postgresURL != nil,
            """
            SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset, so the conformance suite ran on SQLite only; \
            run scripts/test-postgres.sh to run it on PostgreSQL too
            """))
    func postgresCasesRun() {
        #expect(StoreKind.available.contains(.postgres))
    }
}

/// A unit vector along `axis` of the test dimension, tilted by `tilt` toward the next axis.
func vector(_ axis: Int, tilt: Float = 0) -> [Float] {
    var components = [Float](repeating: 0, count: testEmbedder.dimension)
    components[axis % testEmbedder.dimension] = 1
    components[(axis + 1) % testEmbedder.dimension] = tilt
    let norm = components.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return components.map { $0 / norm }
}

/// A duplicate check that calls texts restatements at or above `threshold`.
func duplicatesAbove(_ threshold: Float) -> DuplicateCheck {
    DuplicateCheck(lowestThreshold: threshold) { _, _, cosine in cosine >= threshold }
}
