import Synchronization

/// The salience gate's decisions on a client's recent extraction jobs, as its worker reports
/// them, so the turn's trace can show whether the turn was worth a model call and why.
final class GateDecisionLog: Sendable {
    /// One decision and how long the gate took.
    struct Entry: Sendable, Equatable {
        var decision: SalienceDecision
        var duration: Duration
    }

    private let entries = Mutex<[Int64: Entry]>([:])
    /// Only the latest decisions matter to a trace; older ones are in the job records.
    private static let capacity = 256

    func record(_ report: ExtractionReport) {
        guard let decision = report.gate else { return }
        let entry = Entry(decision: decision, duration: report.duration(of: "gate") ?? .zero)
        entries.withLock { entries in
            if entries.count >= Self.capacity, let oldest = entries.keys.min() { entries[oldest] = nil }
            entries[report.jobID] = entry
        }
    }

    func entry(forJob jobID: Int64) -> Entry? {
        entries.withLock { $0[jobID] }
    }
}

extension Trace {
    /// The trace with a `gate` event for job `jobID`: the decision and its reason once the worker
    /// has made it, else that it is still to come.
    func addingGate(_ entry: GateDecisionLog.Entry?, jobID: Int64) -> Trace {
        var trace = self
        let detail: String
        if let entry {
            let verdict = entry.decision.isSalient ? "sent to extraction" : "skipped, no extraction call"
            detail = "job \(jobID): \(verdict) (\(entry.decision.reason))"
        } else {
            detail = "job \(jobID): not decided yet (the extraction worker decides in the background)"
        }
        trace.events.append(
            Trace.Event(name: "gate", detail: detail, start: total, duration: entry?.duration ?? .zero))
        return trace
    }
}
