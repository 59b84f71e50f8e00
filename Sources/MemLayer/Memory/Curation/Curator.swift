import Foundation

/// Which users a curation pass covers.
public enum CurationScope: Sendable, Equatable {
    /// One user's memories.
    case user(String)
    /// Every user with memories in the store, one after the other.
    case allUsers
}

/// Runs curation passes: deletes expired memories, archives those that have faded (see
/// ``DecayPolicy``), and removes the graph edges left without a source. Needs no embedder.
public struct Curator: Sendable {
    /// Where the memories live.
    package let store: any MemoryStoring
    /// When a memory has faded enough to archive.
    public var policy: DecayPolicy
    /// When a kept turn is old enough to archive (turns do not decay and are never deleted).
    public var turnPolicy = TurnArchivePolicy()
    /// Memories per transaction.
    public var batchSize: Int = 500

    /// A curator for `store` with `policy`.
    public init(store: any MemoryStoreBackend, policy: DecayPolicy = DecayPolicy()) {
        self.store = store.storeAccess.store
        self.policy = policy
    }

    /// One pass over `userID`'s memories at `now`. A dry run changes nothing and reports what a
    /// real pass would do.
    public func curate(userID: String, now: Date = Date(), dryRun: Bool = false) async throws -> CurationReport {
        let policy = policy
        let turnPolicy = turnPolicy
        return try await store.curate(userID: userID, now: now, dryRun: dryRun, batchSize: batchSize) { memory in
            memory.kind == .turn
                ? turnPolicy.archiveReason(for: memory, at: now) : policy.archiveReason(for: memory, at: now)
        }
    }

    /// One pass over every user in `scope`, one report per user.
    public func curate(_ scope: CurationScope, now: Date = Date(), dryRun: Bool = false) async throws
        -> [CurationReport]
    {
        let users: [String] =
            switch scope {
            case .user(let userID): [userID]
            case .allUsers: try await store.usersWithMemories()
            }
        var reports: [CurationReport] = []
        for userID in users {
            try Task.checkCancellation()
            reports.append(try await curate(userID: userID, now: now, dryRun: dryRun))
        }
        return reports
    }
}
