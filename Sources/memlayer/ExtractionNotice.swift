import Foundation
import MemLayer

/// What the commands that extract memories tell the user: one line per memory written, a
/// summary, and notes on standard error about work left queued.
enum ExtractionNotice {
    /// A note when waiting for extraction ended with jobs still queued.
    static func report(_ result: ExtractionWorker.WaitResult) {
        switch result {
        case .idle: break
        case .unavailable(let reason):
            // A missing model stops extraction and its reason says to pass --model: print it as is.
            StandardOutput.error("note: memories not extracted yet: \(reason)\n")
        case .timedOut:
            StandardOutput.error("note: extraction is taking long; what is left stays queued for the next run\n")
        case .stopped:
            StandardOutput.error("note: extraction stopped; what is left stays queued for the next run\n")
        }
    }

    /// One line per fact added or refreshed, and per text kept as written.
    static func lines(for reports: [ExtractionReport], memories: (String) -> String?) -> [String] {
        var lines: [String] = []
        for report in reports {
            switch report.outcome {
            case .extracted(let summary):
                lines += summary.addedFactIDs.map { "remembered \($0): \(memories($0) ?? "")" }
                lines += summary.updatedFactIDs.map { "updated \($0): \(memories($0) ?? "")" }
            case .keptAsWritten(let id, let reason):
                lines.append("remembered \(id) (as written: \(reason))")
            default: break
            }
        }
        return lines
    }

    /// What a batch of extraction reports added up to.
    struct Totals {
        var jobs = 0
        var added = 0
        var updated = 0
        var entities = 0
        var relationships = 0
        var tasks = 0
        var kept = 0
        var notSalient = 0
        var unsupported = ExtractionSummary.Dropped()

        init(_ reports: [ExtractionReport]) {
            for report in reports {
                switch report.outcome {
                case .extracted(let summary):
                    added += summary.addedFactIDs.count
                    updated += summary.updatedFactIDs.count
                    entities += summary.entities
                    relationships += summary.relationships
                    tasks += summary.tasksAdded
                    unsupported.entities += summary.dropped.entities
                    unsupported.relationships += summary.dropped.relationships
                    unsupported.tasks += summary.dropped.tasks
                    unsupported.facts += summary.dropped.facts
                case .keptAsWritten: kept += 1
                case .notSalient: notSalient += 1
                default: break
                }
            }
            jobs = Set(reports.map(\.jobID)).count
        }
    }

    /// `3 jobs: 4 facts added, 1 updated, 2 entities, 1 relationship, 0 tasks; 1 kept as written`,
    /// and what the model returned that the text did not support.
    static func summary(of reports: [ExtractionReport]) -> String {
        let totals = Totals(reports)
        let jobs = totals.jobs
        var text =
            "\(jobs) \(jobs == 1 ? "job" : "jobs"): \(totals.added) facts added, \(totals.updated) updated, "
            + "\(totals.entities) entities, \(totals.relationships) relationships, \(totals.tasks) tasks"
        if totals.kept > 0 { text += "; \(totals.kept) kept as written" }
        if totals.notSalient > 0 { text += "; \(totals.notSalient) not worth remembering" }
        let unsupported = totals.unsupported
        if !unsupported.isEmpty {
            text +=
                "; left out as unsupported by the text: \(unsupported.facts) facts, \(unsupported.entities) entities, "
                + "\(unsupported.relationships) relationships, \(unsupported.tasks) tasks"
        }
        return text
    }

    /// The same totals as ``summary(of:)``, as the JSON object `ingest` and `extract` print.
    static func object(of reports: [ExtractionReport]) -> [String: Any] {
        let totals = Totals(reports)
        return [
            "jobs": totals.jobs, "facts_added": totals.added, "facts_updated": totals.updated,
            "entities": totals.entities, "relationships": totals.relationships, "tasks": totals.tasks,
            "kept_as_written": totals.kept, "not_salient": totals.notSalient,
            "unsupported": [
                "facts": totals.unsupported.facts, "entities": totals.unsupported.entities,
                "relationships": totals.unsupported.relationships, "tasks": totals.unsupported.tasks,
            ],
        ]
    }

    /// The texts of `userIDs`' memories by id, for printing what was written.
    static func texts(in store: any MemoryStoring, userIDs: Set<String>) async throws -> [String: String] {
        var texts: [String: String] = [:]
        for user in userIDs {
            for memory in try await store.memories(userID: user) { texts[memory.id] = memory.text }
        }
        return texts
    }
}
