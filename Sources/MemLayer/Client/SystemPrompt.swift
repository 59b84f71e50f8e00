import Foundation

/// The system prompt of a chat turn: today's date, time and time zone; how to use the memory
/// tools; due reminders; memories retrieved up front for models without tools; and the caller's
/// own system messages.
struct SystemPrompt {
    var now: Date
    var timeZone: TimeZone
    var toolsAvailable: Bool
    /// The tools already ran this turn and none are offered now: ask for the answer from their results.
    var answerFromResults = false
    var dueTasks: [ScheduledTask] = []
    /// Retrieved up front when the model cannot call tools.
    var retrievedMemories: String?
    var callerInstructions: [String] = []

    var text: String {
        var parts = ["You are a helpful assistant with a long-term memory of the user.", dateLine]
        if toolsAvailable {
            parts.append(
                """
                Use the search_memory tool before answering anything that may depend on what you know about \
                the user (their life, preferences, people, plans, earlier conversations); pick search_tier fast \
                for one quick fact, balanced by default, deep for questions that connect several facts. Use \
                schedule_task when the user asks to be reminded of something; give due_date as an ISO-8601 \
                date-time with the time zone, resolving relative dates ("tomorrow at 9") from the date above. \
                Never show tool calls, JSON or memory ids to the user; answer in plain language.
                """)
        }
        if answerFromResults {
            parts.append(
                """
                Your tools already ran in this turn; their results are in the conversation above. Answer the \
                user's last message now, in plain language, from those results. Do not call any tool and do not \
                write JSON.
                """)
        }
        if let retrievedMemories {
            parts.append("What you remember that may be relevant (use it only if it helps):\n\(retrievedMemories)")
        }
        if !dueTasks.isEmpty {
            let lines = dueTasks.map { task in
                "- \(task.description)" + (task.dueAt.map { " (due \(ISO8601.format($0)))" } ?? "")
            }
            parts.append(
                "Reminders now due — mention them to the user in this answer:\n" + lines.joined(separator: "\n"))
        }
        parts.append(contentsOf: callerInstructions)
        return parts.joined(separator: "\n\n")
    }

    private var dateLine: String {
        // A fixed English form: the model must read it the same whatever the machine's locale.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEEE, d MMMM yyyy, HH:mm"
        let offset = timeZone.secondsFromGMT(for: now)
        let sign = offset < 0 ? "-" : "+"
        let zone = String(format: "UTC%@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
        return "Current date and time: \(formatter.string(from: now)) (time zone \(timeZone.identifier), \(zone))."
    }
}
