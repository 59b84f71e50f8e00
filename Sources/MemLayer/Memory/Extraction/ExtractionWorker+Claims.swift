import Foundation

/// How a worker takes jobs when several processes (or machines) drain one store: it claims one,
/// renews the claim while the job's work runs, and gives it back when the job stays queued, so
/// no two workers run the model on the same job (see ``ExtractionWorker``).
extension ExtractionWorker {
    /// How long a claim lasts unless renewed. A worker renews it every third of that while it
    /// works, so only a worker that stopped (a hung or lost machine) lets it lapse; a dead
    /// worker on the same machine is noticed at once (`ClaimHolder.isGone`). A minute keeps a
    /// job of a lost machine waiting little next to one LLM call, and renewals rare.
    static let claimLease = Duration.seconds(60)

    /// Claims the oldest queued job nobody holds, among `jobIDs` when given.
    func claimNextJob(among jobIDs: [Int64]?) async throws -> ExtractionJob? {
        try await engine.store.claimJob(for: holder, lease: Self.claimLease, among: jobIDs)
    }

    /// Processes a claimed job, renewing the claim while it runs, and releases it when the job
    /// stays queued (a failed try, an unavailable dependency, an interruption), so the next
    /// claim, here or in another process, takes it at once.
    func processClaimed(_ job: ExtractionJob) async -> ExtractionReport {
        let report = await withTaskGroup(of: Void.self) { group in
            group.addTask { [store = engine.store, holder] in
                while (try? await Task.sleep(for: Self.claimLease / 3)) != nil {
                    _ = try? await store.renewClaim(jobID: job.id, holder: holder, lease: Self.claimLease)
                }
            }
            let report = await process(job)
            group.cancelAll()
            return report
        }
        switch report.outcome {
        case .willRetry, .unavailable, .modelMissing, .interrupted:
            // Awaited here, but apart from this task's cancellation: a worker being stopped
            // must still give its job back.
            await Task { [store = engine.store, holder] in
                _ = try? await store.releaseClaim(jobID: job.id, holder: holder)
            }.value
        case .extracted, .notSalient, .keptAsWritten, .alreadyProcessed:
            break  // the job ended, and its claim with it
        }
        return report
    }
}
