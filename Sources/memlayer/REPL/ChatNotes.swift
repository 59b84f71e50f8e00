import Foundation
import MemLayer
import Synchronization

/// The dim lines the chat shows on a terminal about memory: what a turn searched for (from its
/// trace), and what background extraction remembered (from the worker's
/// reports, which arrive while the user may be typing and are shown above the prompt).
final class ChatNotes: Sendable {
    private let pending = Mutex<[String]>([])

    /// `text` in the terminal's dim style, its control characters shown escaped.
    static func dimmed(_ text: String) -> String {
        "\u{1B}[2m" + TerminalText.escaped(text) + "\u{1B}[0m"
    }

    /// Takes the notes not shown yet.
    func take() -> [String] {
        pending.withLock { notes in
            defer { notes.removeAll() }
            return notes
        }
    }

    func add(_ notes: [String]) {
        guard !notes.isEmpty else { return }
        pending.withLock { $0 += notes }
    }

    /// Turns extraction reports into notes until `reports` ends, reading each fact's text from
    /// `store`.
    func collect(_ reports: AsyncStream<ExtractionReport>, store: any MemoryStoring, userID: String) async {
        for await report in reports {
            guard case .extracted(let summary) = report.outcome else { continue }
            var notes: [String] = []
            for (verb, ids) in [("remembered", summary.addedFactIDs), ("updated", summary.updatedFactIDs)] {
                for id in ids {
                    guard let memory = try? await store.memory(id: id, userID: userID) else { continue }
                    notes.append("· \(verb): \(memory.text)")
                }
            }
            if summary.tasksAdded > 0 {
                notes.append(
                    "· \(summary.tasksAdded == 1 ? "a reminder" : "\(summary.tasksAdded) reminders") scheduled")
            }
            add(notes)
        }
    }

    /// The searches a finished turn ran, from its trace, with their queries. (A reminder the
    /// model asked for is not noted here: the trace does not say whether it was accepted.)
    static func notes(for trace: Trace) -> [String] {
        trace.events.compactMap { event -> String? in
            switch event.name {
            case "auto_retrieve": return "· searched memory"
            case "tool":
                let parts = event.detail.split(separator: " ", maxSplits: 1).map(String.init)
                let arguments = parts.count > 1 ? argumentObject(parts[1]) : [:]
                switch parts.first {
                case "search_memory":
                    let query = arguments["query"] as? String
                    return query.map { "· searched memory for \"\($0)\"" } ?? "· searched memory"
                default: return nil
                }
            default: return nil
            }
        }
    }

    private static func argumentObject(_ json: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }
}
