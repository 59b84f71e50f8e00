import Foundation
import MemLayerStore
import Testing

/// Claims on extraction jobs on every store: one holder per job while its lease runs, a lapsed
/// lease or a dead holder frees the job, a release frees it at once, and claims can be limited
/// to given jobs (`drain(jobIDs:)`).
@Suite("Store conformance: job claims")
struct ClaimConformanceTests {
    /// `count` jobs for user `u`, a minute apart, oldest first.
    static func jobs(_ count: Int, on store: any MemoryStoring) async throws -> [Int64] {
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        return try await store.enqueue(
            (0..<count).map {
                ConversationTurn(user: "turn \($0)", assistant: "", at: base.addingTimeInterval(Double($0) * 60))
            },
            userID: "u")
    }

    @Test(
        "claims take the oldest free job, one holder each; release frees it at once; a claim is not a try",
        arguments: StoreKind.available)
    func exclusiveClaims(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, fixture in
            let other = try await fixture.openAnother()
            let jobs = try await Self.jobs(3, on: store)
            let (first, second) = (ClaimHolder(id: "first"), ClaimHolder(id: "second"))
            #expect(try await store.claimJob(for: first, lease: .seconds(600))?.id == jobs[0])
            #expect(try await other.claimJob(for: second, lease: .seconds(600))?.id == jobs[1])
            #expect(try await store.claimJob(for: first, lease: .seconds(600))?.id == jobs[2])
            #expect(try await other.claimJob(for: second, lease: .seconds(600)) == nil)
            // Claimed jobs are still listed as queued.
            #expect(try await store.queuedJobs(userID: nil, limit: 10).map(\.id) == jobs)

            #expect(try await store.releaseClaim(jobID: jobs[1], holder: first) == false)
            #expect(try await other.renewClaim(jobID: jobs[0], holder: second, lease: .seconds(600)) == false)
            #expect(try await store.renewClaim(jobID: jobs[0], holder: first, lease: .seconds(600)))
            #expect(try await other.releaseClaim(jobID: jobs[1], holder: second))
            let again = try #require(try await store.claimJob(for: first, lease: .seconds(600)))
            #expect(again.id == jobs[1] && again.attempts == 0 && again.turn.user == "turn 1")

            // A finishing call ends a job whoever holds it, and only once.
            #expect(
                try await other.commitExtraction(
                    jobID: jobs[2], userID: "u", QueueConformanceTests.write("A fact", 0), learnedAt: Date(),
                    now: Date())
                    != nil)
            #expect(try await store.renewClaim(jobID: jobs[2], holder: first, lease: .seconds(600)) == false)
            #expect(try await store.releaseClaim(jobID: jobs[2], holder: first) == false)
            await other.close()
        }
    }

    @Test("claims racing on two handles never take the same job", arguments: StoreKind.available)
    func racingClaims(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, fixture in
            let other = try await fixture.openAnother()
            let jobs = try await Self.jobs(40, on: store)
            async let left = Self.claimAll(on: store, as: ClaimHolder(id: "left"))
            async let right = Self.claimAll(on: other, as: ClaimHolder(id: "right"))
            let (a, b) = try await (left, right)
            await other.close()
            #expect((a + b).sorted() == jobs)
        }
    }

    static func claimAll(on store: any MemoryStoring, as holder: ClaimHolder) async throws -> [Int64] {
        var claimed: [Int64] = []
        while let job = try await store.claimJob(for: holder, lease: .seconds(600)) { claimed.append(job.id) }
        return claimed
    }

    @Test(
        "a lapsed lease makes the job claimable again, and the old holder can no longer renew it",
        arguments: StoreKind.available)
    func leaseLapse(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, fixture in
            let other = try await fixture.openAnother()
            let job = try await Self.jobs(1, on: store)[0]
            let (slow, next) = (ClaimHolder(id: "slow"), ClaimHolder(id: "next"))
            // The lease is long enough that the second try comes well inside it on a loaded
            // machine; then the test waits it out.
            let claimedAt = ContinuousClock.now
            #expect(try await store.claimJob(for: slow, lease: .seconds(3))?.id == job)
            #expect(try await other.claimJob(for: next, lease: .seconds(600)) == nil)
            try await Task.sleep(until: claimedAt + .seconds(4))
            #expect(try await other.claimJob(for: next, lease: .seconds(600))?.id == job)
            #expect(try await store.renewClaim(jobID: job, holder: slow, lease: .seconds(600)) == false)
            #expect(try await store.claimJob(for: slow, lease: .seconds(600)) == nil)
            await other.close()
        }
    }

    @Test(
        "a claim whose holder is a dead process of this host is taken at once; another host's waits",
        arguments: StoreKind.available)
    func deadHolder(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let jobs = try await Self.jobs(2, on: store)
            let dead = try Self.exitedProcessID()
            let local = ClaimHolder(host: ClaimHolder.localHost, pid: dead, nonce: "a1")
            let remote = ClaimHolder(host: "elsewhere.example", pid: dead, nonce: "b2")
            #expect(ClaimHolder.isGone(local.id) && !ClaimHolder.isGone(remote.id))
            #expect(try await store.claimJob(for: remote, lease: .seconds(600))?.id == jobs[0])
            #expect(try await store.claimJob(for: local, lease: .seconds(600))?.id == jobs[1])
            let rescuer = ClaimHolder(id: "rescuer")
            #expect(try await store.claimJob(for: rescuer, lease: .seconds(600))?.id == jobs[1])
            #expect(try await store.claimJob(for: rescuer, lease: .seconds(600)) == nil)
        }
    }

    @Test(
        "a worker of this process that stopped without releasing frees its claim; a working one keeps it",
        arguments: StoreKind.available)
    func stoppedWorker(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let job = try await Self.jobs(1, on: store)[0]
            let (stopped, next) = (ClaimHolder.newWorker(), ClaimHolder.newWorker())
            stopped.startWorking()
            #expect(try await store.claimJob(for: stopped, lease: .seconds(600))?.id == job)
            #expect(try await store.claimJob(for: next, lease: .seconds(600)) == nil)
            stopped.stopWorking()
            #expect(try await store.claimJob(for: next, lease: .seconds(600))?.id == job)
        }
    }

    @Test("claims limited to given jobs take only those, oldest first", arguments: StoreKind.available)
    func claimAmongIDs(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let jobs = try await Self.jobs(4, on: store)
            let holder = ClaimHolder(id: "drain")
            let among = [jobs[3], jobs[1], 999_999]
            #expect(try await store.claimJob(for: holder, lease: .seconds(600), among: among)?.id == jobs[1])
            #expect(try await store.claimJob(for: holder, lease: .seconds(600), among: among)?.id == jobs[3])
            #expect(try await store.claimJob(for: holder, lease: .seconds(600), among: among) == nil)
            #expect(try await store.claimJob(for: holder, lease: .seconds(600), among: []) == nil)
            #expect(try await store.claimJob(for: holder, lease: .seconds(600))?.id == jobs[0])
        }
    }

    /// The id of a process that has exited and been reaped.
    static func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
