import Foundation

/// How memories fade: a forgetting curve whose half-life grows with importance and with use.
///
/// For a memory with importance `i` (0…1), used `n` times, idle for `t` (time since it was last
/// used — accessed by a search, or written or re-remembered, whichever is latest; for a memory
/// never used since it was written that is simply its age):
///
///     halfLife = baseHalfLife × importanceGrowth^i × (1 + log2(1 + n))
///     score    = i × 2^(−t / halfLife)
///
/// The memory is archived when `score < threshold` and it has been idle for at least
/// `gracePeriod`. With the defaults (14-day base half-life, growth 128, threshold 0.05, 7-day
/// grace), an unused memory is archived after about:
///
/// | importance | never used | used once | used 5 times |
/// | --- | --- | --- | --- |
/// | 0.1 | 23 days | 45 days | 82 days |
/// | 0.2 | 74 days | 5 months | 9 months |
/// | 0.5 (default) | 17 months | 3 years | 5 years |
/// | 0.8 | 7 years | 15 years | 27 years |
/// | 0.9 | 13 years | 25 years | 45 years |
/// | 1.0 | 21 years | 42 years | 76 years |
///
/// so what the user marked important outlives the store, small talk goes within weeks, and every
/// use both resets the idle time and lengthens the half-life (spaced repetition). Importance
/// below the threshold is archived as soon as the grace period is over.
public struct DecayPolicy: Sendable, Equatable {
    /// The half-life of a memory of importance 0 that was never used, in seconds.
    public var baseHalfLife: TimeInterval
    /// How much importance 1 multiplies the half-life (importance 0.5 multiplies it by its root).
    public var importanceGrowth: Double
    /// Memories scoring below this are archived.
    public var threshold: Double
    /// Nothing idle for less than this is archived, whatever its score, in seconds.
    public var gracePeriod: TimeInterval

    private static let day: TimeInterval = 86_400

    /// The defaults documented above.
    public init(
        baseHalfLife: TimeInterval = 14 * 86_400, importanceGrowth: Double = 128, threshold: Double = 0.05,
        gracePeriod: TimeInterval = 7 * 86_400
    ) {
        self.baseHalfLife = baseHalfLife
        self.importanceGrowth = importanceGrowth
        self.threshold = threshold
        self.gracePeriod = gracePeriod
    }

    /// When `memory` was last used: its last access, or when it was last written, whichever is later.
    public func lastUse(of memory: Memory) -> Date {
        max(memory.lastAccessedAt ?? memory.createdAt, memory.updatedAt, memory.createdAt)
    }

    /// `memory`'s half-life in seconds.
    public func halfLife(of memory: Memory) -> TimeInterval {
        let importance = min(max(memory.importance, 0), 1)
        let uses = Double(max(memory.accessCount, 0))
        return baseHalfLife * pow(importanceGrowth, importance) * (1 + log2(1 + uses))
    }

    /// `memory`'s decayed score at `now`, from its importance down towards 0.
    public func score(of memory: Memory, at now: Date) -> Double {
        let idle = max(0, now.timeIntervalSince(lastUse(of: memory)))
        return memory.importance * pow(2, -idle / halfLife(of: memory))
    }

    /// Why `memory` should be archived at `now`, for the audit history; nil when it stays.
    public func archiveReason(for memory: Memory, at now: Date) -> String? {
        let idle = now.timeIntervalSince(lastUse(of: memory))
        guard idle >= gracePeriod else { return nil }
        let score = score(of: memory, at: now)
        guard score < threshold else { return nil }
        return String(
            format:
                "decayed: score %.4f below %.4f (importance %.2f, used %d times, idle %.0f days, half-life %.0f days)",
            score, threshold, memory.importance, memory.accessCount, idle / Self.day, halfLife(of: memory) / Self.day)
    }
}
