import Foundation
import MemLayer
import MemLayerStore

/// One store's search timings over the same questions.
struct SearchTimings {
    /// The phases worth a column, in the order a round runs them (keyword overlaps embed and vector).
    static let phaseNames = ["vector", "keyword", "rank", "access", "format"]

    var round = Samples()
    var vector = Samples()
    /// Mean CPU per round (this process, plus the server's for PostgreSQL).
    var cpuPerRound: Double = .nan
    /// The round's traced phases (vector, keyword, rank, access, format).
    var phases: [String: Samples] = [:]
    /// Each question's vector top-10 as row ids (for recall within one database).
    var topRows: [[Int64]] = []
    /// Each question's vector top-10 as external ids (to compare stores).
    var topIDs: [[String]] = []
}

/// The search round `search_memory` runs (``MemoryEngine`` at the default balanced tier: vector
/// and keyword candidates, fusion, access counts, the tool text) and the vector top-10 alone,
/// for the measured user; one untimed pass of rounds first, then `passes` timed passes over the
/// questions.
struct SearchRounds {
    let questions: [String]
    let vectors: [String: [Float]]
    let passes: Int

    func measure(engine: MemoryEngine, store: any MemoryStoring, cpu: CPUMeter) async throws -> SearchTimings {
        var timings = SearchTimings()
        let user = StoreDataset.measuredUser
        for question in questions {
            _ = try await engine.search(question, userID: user, tier: .balanced, limit: nil)
        }
        let cpuBefore = cpu.now()
        for _ in 0..<passes {
            for question in questions {
                let began = ContinuousClock.now
                let result = try await engine.search(question, userID: user, tier: .balanced, limit: nil)
                timings.round.add(ContinuousClock.now - began)
                for event in result.trace.events where event.duration > .zero {
                    timings.phases[event.name, default: Samples()].add(event.duration)
                }
                guard !result.hits.isEmpty, !result.text.isEmpty else {
                    throw BenchFailure("the search for \"\(question)\" found nothing")
                }
            }
        }
        timings.cpuPerRound = (cpu.now() - cpuBefore).seconds * 1000 / Double(passes * questions.count)

        // The rounds above read the same rows, so the vector searches start warm.
        let now = Date()
        for pass in 0..<passes {
            for question in questions {
                let vector = vectors[question]!
                let began = ContinuousClock.now
                let found = try await store.vectorCandidates(vector, userID: user, limit: 10, now: now)
                timings.vector.add(ContinuousClock.now - began)
                if pass == 0 { timings.topRows.append(found.map(\.rowID)) }
            }
        }
        for question in questions {
            let hits = try await store.search(vector: vectors[question]!, userID: user, k: 10, now: now)
            timings.topIDs.append(hits.map(\.memory.id))
        }
        return timings
    }

    /// The share of `reference`'s top-10 that `found` holds, over all questions.
    static func recall<T: Hashable>(_ found: [[T]], against reference: [[T]]) -> Double {
        let hits = zip(found, reference).map { Set($0).intersection($1).count }.reduce(0, +)
        return Double(hits) / Double(max(1, reference.map(\.count).reduce(0, +)))
    }
}
