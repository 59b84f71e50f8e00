import Foundation
import MemLayerStore
import Testing

/// Restated facts refresh the stored one; the store asks the duplicate check it is given.
@Suite("Store conformance: duplicates")
struct DedupeConformanceTests {
    @Test("the same text refreshes the stored fact, whatever the check says", arguments: StoreFactory.all)
    func sameText(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let never = DuplicateCheck(lowestThreshold: 2) { _, _, _ in false }
            let first = try await Conformance.extract(
                Conformance.write(facts: [("User works at Acme.", Conformance.vector(0))], duplicates: never),
                userID: "alice", in: store)
            let second = try await Conformance.extract(
                Conformance.write(facts: [("user works at  acme.", Conformance.vector(1))], duplicates: never),
                userID: "alice", in: store)
            #expect(second?.addedFactIDs == [] && second?.updatedFactIDs == first?.addedFactIDs)
            #expect(try await store.memories(userID: "alice").map(\.text) == ["User works at Acme."])
            let actions = try await store.history(userID: "alice", memoryID: nil, limit: 10).map(\.action)
            #expect(actions.sorted { $0.rawValue < $1.rawValue } == [.add, .update])
        }
    }

    @Test("near vectors merge only when the check says so, within one job and across jobs",
        arguments: StoreFactory.all)
    func nearVectors(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            // cos(vector(0), vector(0, tilt: 0.1)) ≈ 0.995; vector(1) is orthogonal.
            let merging = Conformance.duplicates(from: 0.99)
            let first = try await Conformance.extract(
                Conformance.write(
                    facts: [
                        ("User works at Acme.", Conformance.vector(0)),
                        ("The user is employed by Acme.", Conformance.vector(0, tilt: 0.1)),
                        ("User likes tea.", Conformance.vector(1)),
                    ], duplicates: merging),
                userID: "alice", in: store)
            #expect(first?.addedFactIDs.count == 2 && first?.updatedFactIDs.count == 1)
            let strict = Conformance.duplicates(from: 0.999)
            let second = try await Conformance.extract(
                Conformance.write(facts: [("User works for Acme.", Conformance.vector(0, tilt: 0.1))], duplicates: strict),
                userID: "alice", in: store)
            #expect(second?.addedFactIDs.count == 1)
            let third = try await Conformance.extract(
                Conformance.write(facts: [("Acme employs the user.", Conformance.vector(0, tilt: 0.05))], duplicates: merging),
                userID: "alice", in: store)
            #expect(third?.updatedFactIDs.count == 1 && third?.addedFactIDs == [])
            #expect(try await store.memories(userID: "alice").count == 3)
        }
    }
}
