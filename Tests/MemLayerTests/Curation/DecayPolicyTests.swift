import Foundation
import MemLayer
import Testing

@Suite("Decay policy")
struct DecayPolicyTests {
    private let policy = DecayPolicy()
    private let start = CurationFixture.start

    private func memory(importance: Double, uses: Int = 0, lastUse: Date? = nil) -> Memory {
        Memory(
            id: "m", userID: "u", text: "t", kind: .fact, importance: importance, createdAt: start, updatedAt: start,
            expiresAt: nil, lastAccessedAt: lastUse, accessCount: uses, status: .active, source: nil,
            metadataJSON: nil, embedder: nil)
    }

    /// Days after `start` at which `memory` is first archived, to within a day.
    private func archivedAfter(_ memory: Memory) -> Int {
        var low = 0
        var high = 100 * 365
        while low < high {
            let mid = (low + high) / 2
            if policy.archiveReason(for: memory, at: CurationFixture.day(Double(mid))) == nil {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low
    }

    @Test(
        "the documented survival table holds",
        arguments: [
            (0.1, 0, 23), (0.2, 0, 74), (0.5, 0, 527), (0.5, 1, 1053), (0.8, 0, 2716), (0.9, 0, 4601), (1.0, 0, 7745),
        ])
    func survival(importance: Double, uses: Int, days: Int) {
        let found = archivedAfter(memory(importance: importance, uses: uses))
        #expect(abs(found - days) <= 1, "importance \(importance), \(uses) uses: archived after \(found) days")
    }

    @Test("a fresh memory scores its importance; the score halves every half-life")
    func curve() {
        let m = memory(importance: 0.6)
        #expect(abs(policy.score(of: m, at: start) - 0.6) < 1e-12)
        let halfLife = policy.halfLife(of: m)
        #expect(abs(policy.score(of: m, at: start.addingTimeInterval(halfLife)) - 0.3) < 1e-9)
        #expect(abs(halfLife - 14 * 86_400 * pow(128, 0.6)) < 1e-6)
    }

    @Test("more importance, more use or a more recent use never lowers the score")
    func monotonic() {
        let later = CurationFixture.day(300)
        for importance in stride(from: 0.0, through: 0.9, by: 0.1) {
            #expect(
                policy.score(of: memory(importance: importance + 0.1), at: later)
                    > policy.score(of: memory(importance: importance), at: later))
        }
        for uses in 0..<10 {
            #expect(
                policy.score(of: memory(importance: 0.4, uses: uses + 1), at: later)
                    > policy.score(of: memory(importance: 0.4, uses: uses), at: later))
        }
        #expect(
            policy.score(of: memory(importance: 0.4, uses: 1, lastUse: CurationFixture.day(200)), at: later)
                > policy.score(of: memory(importance: 0.4, uses: 1, lastUse: CurationFixture.day(100)), at: later))
    }

    @Test("nothing idle for less than the grace period is archived, even with importance 0")
    func grace() {
        let m = memory(importance: 0)
        #expect(policy.archiveReason(for: m, at: CurationFixture.day(6.9)) == nil)
        #expect(policy.archiveReason(for: m, at: CurationFixture.day(7)) != nil)
        let used = memory(importance: 0, uses: 1, lastUse: CurationFixture.day(100))
        #expect(policy.archiveReason(for: used, at: CurationFixture.day(105)) == nil)
    }
}
