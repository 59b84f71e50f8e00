import Foundation
import MemLayer
import Testing

/// A re-index interrupted on this host (its process gone) does not block the next one for the
/// lease's five minutes; one whose process lives, or that ran elsewhere, still does.
@Suite("Reindex lease takeover")
struct ReindexTakeoverTests {
    /// The id of a process that has exited (and was reaped).
    private static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    private static func hostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, 255)
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func plant(_ lease: ReindexLease, in path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let json = String(decoding: try encoder.encode(lease), as: UTF8.self).replacingOccurrences(of: "'", with: "''")
        try RawSQLite(path: path).execute(
            "INSERT INTO meta (key, value) VALUES ('reindex_lease', '\(json)') "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    }

    @Test("a claim whose process is gone on this host is taken over at once")
    func deadHolderTakenOver() async throws {
        let fixture = try await StoreFixture()
        let lease = ReindexLease(
            owner: "crashed-run", target: "hash-ngram-v1/32", processID: try Self.deadProcessID(),
            expiresAt: Date().addingTimeInterval(300), host: Self.hostName())
        try Self.plant(lease, in: fixture.path)
        try await fixture.store.claimReindexLease(owner: "next-run", target: "hash-ngram-v1/32", duration: 60)
        #expect(try await fixture.store.reindexLease()?.owner == "next-run")
    }

    @Test("a claim whose process lives, or that was made on another host, still blocks")
    func liveOrRemoteHolderBlocks() async throws {
        let fixture = try await StoreFixture()
        for lease in [
            ReindexLease(
                owner: "running", target: "t", processID: getppid(), expiresAt: Date().addingTimeInterval(300),
                host: Self.hostName()),
            ReindexLease(
                owner: "remote", target: "t", processID: try Self.deadProcessID(),
                expiresAt: Date().addingTimeInterval(300), host: "some-other-host.invalid"),
        ] {
            try Self.plant(lease, in: fixture.path)
            let error = await #expect(throws: StoreError.self) {
                try await fixture.store.claimReindexLease(owner: "next-run", target: "t", duration: 60)
            }
            #expect(error?.kind == .busy)
        }
    }
}
