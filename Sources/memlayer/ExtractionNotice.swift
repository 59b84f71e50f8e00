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

    /// `3 jobs: 4 facts added, 1 updated, 2 entities, 1 relationship, 0 tasks; 1 kept as written`,
    /// and what the model returned that the text did not support.
    static func summary(of reports: [ExtractionReport]) -> String {
        var added = 0
        var updated = 0
        var entities = 0
        var relationships = 0
        var tasks = 0
        var kept = 0
        var dropped = 0
        var unsupported = ExtractionSummary.Dropped()
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
            case .notSalient: dropped += 1
            default: break
            }
        }
        let jobs = Set(reports.map(\.jobID)).count
        var text =
            "\(jobs) \(jobs == 1 ? "job" : "jobs"): \(added) facts added, \(updated) updated, \(entities) entities, "
            + "\(relationships) relationships, \(tasks) tasks"
        if kept > 0 { text += "; \(kept) kept as written" }
        if dropped > 0 { text += "; \(dropped) not worth remembering" }
        if !unsupported.isEmpty {
            text +=
                "; left out as unsupported by the text: \(unsupported.facts) facts, \(unsupported.entities) entities, "
                + "\(unsupported.relationships) relationships, \(unsupported.tasks) tasks"
        }
        return text
    }

    /// The texts of `userIDs`' memories by id, for printing what was written.
    static func texts(in store: MemoryStore, userIDs: Set<String>) async throws -> [String: String] {
        var texts: [String: String] = [:]
        for user in userIDs {
            for memory in try await store.memories(userID: user) { texts[memory.id] = memory.text }
        }
        return texts
    }
}
