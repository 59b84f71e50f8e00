import Foundation

/// The re-index claim on a PostgreSQL store: one row in `reindex_lease`, so that of all the
/// processes and machines sharing the store, one re-index runs at a time.
///
/// Taking the claim is one statement (an upsert that overwrites only the caller's own claim or
/// a lapsed one), so two claimants cannot both win. Lapsing uses the server's clock. A claim
/// whose holder ran on this host and whose process is gone is taken over at once, as on SQLite.
package enum PostgresReindexLease {
    /// A claim as recorded.
    package struct Lease: Sendable, Equatable {
        package let owner: String
        package let target: String
        package let host: String
        package let processID: Int32
        package let expiresAt: Date
    }

    /// The claim currently recorded, live or lapsed, if any.
    package static func current(_ connection: PostgresConnection) async throws -> Lease? {
        let rows = try await connection.query(
            "SELECT owner, target, host, process_id, expires_at FROM reindex_lease")
        return try rows.first.map {
            Lease(
                owner: try $0.string(0), target: try $0.string(1), host: try $0.string(2),
                processID: Int32(try $0.int64(3)), expiresAt: try $0.date(4))
        }
    }

    /// Takes or renews the claim for `owner` until `duration` from now.
    /// - Throws: ``Busy`` naming the holder when another owner's claim has not lapsed.
    package static func claim(
        _ connection: PostgresConnection, owner: String, target: String, duration: Duration,
        host: String = currentHost, processID: Int32 = ProcessInfo.processInfo.processIdentifier
    ) async throws {
        if let held = try await current(connection), held.owner != owner, held.host == host,
            kill(held.processID, 0) != 0, errno == ESRCH
        {
            // Its holder died on this machine: no need to wait for the lease to lapse.
            try await connection.update(
                "DELETE FROM reindex_lease WHERE owner = $1", [.text(held.owner)])
        }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let taken = try await connection.query(
            """
            INSERT INTO reindex_lease (owner, target, host, process_id, expires_at)
            VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
            ON CONFLICT (singleton) DO UPDATE SET owner = EXCLUDED.owner, target = EXCLUDED.target,
                host = EXCLUDED.host, process_id = EXCLUDED.process_id, expires_at = EXCLUDED.expires_at
            WHERE reindex_lease.owner = EXCLUDED.owner OR reindex_lease.expires_at <= now()
            RETURNING owner
            """,
            [.text(owner), .text(target), .text(host), .int64(Int64(processID)), .double(seconds)])
        guard taken.isEmpty else { return }
        let held = try await current(connection)
        throw Busy(holder: held)
    }

    /// Gives up `owner`'s claim; another owner's claim is left alone.
    package static func release(_ connection: PostgresConnection, owner: String) async throws {
        try await connection.update("DELETE FROM reindex_lease WHERE owner = $1", [.text(owner)])
    }

    /// Another re-index holds the claim.
    package struct Busy: Error, Sendable, CustomStringConvertible {
        /// The claim in the way (nil if it was released just after the refusal).
        package let holder: Lease?

        package var description: String {
            guard let holder else { return "another reindex was running on this store; try again" }
            let until = ISO8601DateFormatter().string(from: holder.expiresAt)
            return "another reindex (to \(holder.target), process \(holder.processID) on \(holder.host)) is running "
                + "on this store; wait for it to finish. Its claim is renewed while it runs; if that process is "
                + "gone, the claim lapses at \(until) and reindex can run again"
        }
    }

    /// This machine's host name, as claims record it.
    package static var currentHost: String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
