import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("Search ranking formula")
struct SearchRankingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func candidate(_ rowID: Int64, _ score: Double, importance: Double = 0.5, days: Double = 0)
        -> SearchCandidate
    {
        SearchCandidate(rowID: rowID, score: score, importance: importance, createdAt: now - days * 86_400)
    }

    @Test("reciprocal rank fusion: first in both lists is relevance 1; in one of two lists, 0.5")
    func fusion() {
        let ranked = SearchRanking.rank(
            vector: [candidate(1, 0.9), candidate(2, 0.8)], keyword: [candidate(1, 5), candidate(3, 4)], lists: 2,
            now: now)
        #expect(ranked.map(\.rowID) == [1, 2, 3])
        #expect(abs(ranked[0].relevance - 1) < 1e-12)
        #expect(abs(ranked[1].relevance - (1.0 / 62) / (2.0 / 61)) < 1e-12)
        #expect(ranked[0].details.vectorRank == 1 && ranked[0].details.keywordRank == 1)
        #expect(ranked[2].details.vectorRank == nil && ranked[2].details.bm25 == -4)
    }

    @Test("the score is 0.97 relevance + 0.02 importance + 0.01 recency; recency halves every 30 days")
    func blend() {
        #expect(abs(SearchRanking.blend(relevance: 1, importance: 1, recency: 1) - 1) < 1e-12)
        #expect(abs(SearchRanking.blend(relevance: 0.5, importance: 0.25, recency: 0.5) - 0.495) < 1e-12)
        #expect(abs(SearchRanking.recency(of: now - 30 * 86_400, now: now) - 0.5) < 1e-12)
        #expect(SearchRanking.recency(of: now + 86_400, now: now) == 1)
    }

    @Test("equal retriever scores share a place, so importance and then recency decide")
    func ties() {
        let ranked = SearchRanking.rank(
            vector: [],
            keyword: [
                candidate(1, 3, importance: 0.2), candidate(2, 3, importance: 0.9), candidate(3, 3, days: 90),
                candidate(4, 3),
            ],
            lists: 1, now: now)
        #expect(ranked.map(\.rowID) == [2, 4, 1, 3])
        #expect(ranked.allSatisfy { $0.details.keywordRank == 1 })
    }

    @Test("importance is worth about one place at the top; it never overturns two")
    func reach() {
        let important = SearchRanking.rank(
            vector: [], keyword: [candidate(1, 9, importance: 0.1), candidate(2, 8, importance: 0.9)], lists: 1,
            now: now)
        #expect(important.map(\.rowID) == [2, 1])
        let far = SearchRanking.rank(
            vector: [],
            keyword: [candidate(1, 9, importance: 0), candidate(2, 8), candidate(3, 7, importance: 1)],
            lists: 1, now: now)
        #expect(far.first?.rowID == 1 && far.last?.rowID == 3)
        let recent = SearchRanking.rank(
            vector: [], keyword: [candidate(1, 9, days: 3650), candidate(2, 8)], lists: 1, now: now)
        #expect(recent.map(\.rowID) == [1, 2], "recency alone does not overturn one place")
    }
}
