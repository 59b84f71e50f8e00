import Foundation

/// The final order of search results: reciprocal rank fusion of the retrievers' lists, blended
/// with each memory's importance and recency.
///
///     fused      = Σ over lists  1 / (k + rank)         (k = 60; rank from 1, equal scores share a rank)
///     relevance  = fused / (lists / (k + 1))            (1 = first in every list that ran)
///     recency    = 0.5 ^ (age in days / 30)             (age from created_at)
///     score      = 0.97 × relevance + 0.02 × importance + 0.01 × recency  (+ 0.10 in the time window)
///
/// Fusion flattens: first and second place of one list differ by only 1.6 % of relevance, however
/// far apart their similarities were. So the weights are sized in places, not percent: the whole
/// range of importance is worth about one place at the top of a list (0.02 vs 0.0156), recency
/// about two thirds of one. Among memories that match about equally — tied places, or one place
/// apart — the important and then the recent come first, and an important memory can edge into
/// the last slot; but a memory that matches clearly better is never overtaken. Access counts do
/// not count: they would make whatever was found once easier to find again.
///
/// A query that names a time ("last week", "in May 2023") adds 0.10 to every memory dated inside
/// its window — said or learned then (`created_at`), or, for a fact, about something that happened
/// then (`event_at`). That is worth about seven places in both lists (place 1 scores 1.0, place 8
/// 0.897): enough to bring what was said then to the top among memories that match the rest of
/// the question about as well, not enough to put an unrelated memory from that week above a
/// clear match from another. Nothing outside the window is dropped.
struct SearchRanking {
    /// The fusion constant of reciprocal rank fusion (Cormack et al. use 60).
    static let fusionK = 60.0
    static let relevanceWeight = 0.97
    static let importanceWeight = 0.02
    static let recencyWeight = 0.01
    /// Added for a memory dated inside the query's time window.
    static let timeWeight = 0.10
    /// The age at which recency halves.
    static let recencyHalfLife: TimeInterval = 30 * 24 * 3600

    /// One ranked memory and how it got its place.
    struct Entry: Sendable, Equatable {
        var rowID: Int64
        var score: Double
        var relevance: Double
        var details: SearchScore
    }

    /// Fuses `vector` and `keyword` (each best first) into one list, best first. `lists` is how
    /// many retrievers ran (1 or 2): a memory absent from a list that ran scores nothing there.
    static func rank(
        vector: [SearchCandidate], keyword: [SearchCandidate], lists: Int, now: Date, window: TimeWindow? = nil
    ) -> [Entry] {
        var entries: [Int64: Entry] = [:]
        var order: [Int64] = []
        func add(_ candidates: [SearchCandidate], _ mark: (inout SearchScore, Int, SearchCandidate) -> Void) {
            var rank = 0
            var previousScore: Double?
            for (offset, candidate) in candidates.enumerated() {
                // Equal retriever scores (same bm25, same cosine) share a place, so that fusion
                // does not invent an order that importance and recency should decide.
                if candidate.score != previousScore { rank = offset + 1 }
                previousScore = candidate.score
                if entries[candidate.rowID] == nil {
                    order.append(candidate.rowID)
                    entries[candidate.rowID] = Entry(
                        rowID: candidate.rowID, score: 0, relevance: 0,
                        details: SearchScore(
                            score: 0, relevance: 0, importance: candidate.importance,
                            recency: recency(of: candidate.createdAt, now: now),
                            inTimeWindow: window.map { isInside($0, candidate) }))
                }
                entries[candidate.rowID]!.relevance += 1 / (fusionK + Double(rank))
                mark(&entries[candidate.rowID]!.details, rank, candidate)
            }
        }
        add(vector) { details, rank, candidate in
            details.vectorRank = rank
            details.cosine = candidate.score
            details.similarity = candidate.score
            details.retrievers.append(.vector)
        }
        add(keyword) { details, rank, candidate in
            details.keywordRank = rank
            details.bm25 = -candidate.score
            details.retrievers.append(.keyword)
        }
        let best = Double(max(1, lists)) / (fusionK + 1)
        var ranked = order.map { rowID -> Entry in
            var entry = entries[rowID]!
            entry.relevance /= best
            entry.score = blend(
                relevance: entry.relevance, importance: entry.details.importance, recency: entry.details.recency,
                inTimeWindow: entry.details.inTimeWindow == true)
            entry.details.relevance = entry.relevance
            entry.details.score = entry.score
            return entry
        }
        // Stable on ties: first-seen order (vector list first) decides.
        ranked = ranked.enumerated().sorted { lhs, rhs in
            lhs.element.score != rhs.element.score ? lhs.element.score > rhs.element.score : lhs.offset < rhs.offset
        }.map(\.element)
        return ranked
    }

    /// The final score for a memory with these parts (see the type's documentation).
    static func blend(relevance: Double, importance: Double, recency: Double, inTimeWindow: Bool = false) -> Double {
        relevanceWeight * relevance + importanceWeight * importance + recencyWeight * recency
            + (inTimeWindow ? timeWeight : 0)
    }

    /// Whether `candidate` was said or learned inside `window`, or tells of something that happened there.
    static func isInside(_ window: TimeWindow, _ candidate: SearchCandidate) -> Bool {
        window.contains(candidate.createdAt) || candidate.eventAt.map(window.contains) == true
    }

    /// 1 for a memory created now, halving every ``recencyHalfLife``; a date in the future is new.
    static func recency(of createdAt: Date, now: Date) -> Double {
        let age = max(0, now.timeIntervalSince(createdAt))
        return pow(0.5, age / recencyHalfLife)
    }
}
