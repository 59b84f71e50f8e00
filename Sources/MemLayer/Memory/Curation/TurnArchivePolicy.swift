import Foundation

/// When curation archives a kept conversation turn. Turns are the evidence facts were drawn
/// from, so they never fade by ``DecayPolicy`` and are never deleted by curation (an expiry on a
/// turn archives it): a turn is archived once it has gone unused — not said, searched or
/// refreshed — for ``age`` (a year by default), and only after extraction is done with it (no
/// queued job still points at it). An archived turn stays in the file, in `memlayer export`,
/// and linked to the facts learned from it; search no longer returns it.
public struct TurnArchivePolicy: Sendable, Equatable {
    /// How long a turn goes unused before it is archived, in seconds.
    public var age: TimeInterval

    /// Archives turns unused for `age` (default 365 days).
    public init(age: TimeInterval = 365 * 86_400) {
        self.age = age
    }

    /// Why `turn` should be archived at `now`, for the audit history; nil when it stays.
    public func archiveReason(for turn: Memory, at now: Date) -> String? {
        let lastUse = max(turn.lastAccessedAt ?? turn.createdAt, turn.updatedAt, turn.createdAt)
        let idle = now.timeIntervalSince(lastUse)
        guard idle >= age else { return nil }
        return String(
            format: "old turn: unused for %.0f days (turns are archived after %.0f; never deleted)", idle / 86_400,
            age / 86_400)
    }
}
