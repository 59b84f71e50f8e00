import Foundation
import MemLayer

/// Extracts queued jobs now, for the commands that do it in the foreground (`remember`, `ingest`,
/// `extract`), with the model chosen by `--provider`, `--model` and `--base-url`.
struct ExtractionRun {
    var reports: [ExtractionReport] = []
    /// Why the model could not be used, when it could not.
    var unavailable: String?
    /// Texts kept as written because the model was unavailable.
    var kept: [Memory] = []

    /// Processes `jobIDs` (all queued jobs when nil). With `keepingOffline`, jobs of `jobIDs` left
    /// queued because the model is unavailable — not running, no API key, model not pulled — are
    /// stored as written instead, so the command still works offline.
    static func extract(
        jobIDs: [Int64]?, engine: MemoryEngine, providerOptions: ProviderOptions, keepingOffline: Bool
    ) async throws -> ExtractionRun {
        var run = ExtractionRun()
        do {
            let provider = try providerOptions.specification().makeProvider()
            let worker = ExtractionWorker(engine: engine, provider: provider)
            let result = await worker.drain(jobIDs: jobIDs)
            run.reports = result.reports
            run.unavailable = result.unavailable
        } catch let error as ProviderError {
            run.unavailable = error.description
        }
        if let reason = run.unavailable, keepingOffline, let jobIDs {
            run.kept = try await engine.keepAsWritten(jobIDs: jobIDs, reason: "stored as written: \(reason)")
        }
        return run
    }
}
