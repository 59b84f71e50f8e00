import Foundation

/// The tools the model gets: `search_memory` and `schedule_task`, their JSON Schemas, and how a
/// call is run. A bad call (unknown tool, unparsable or missing arguments) becomes an error
/// result the model can read and correct, never a crash.
struct MemoryTools: Sendable {
    let engine: MemoryEngine
    let userID: String
    /// The zone dates are written in for the user (a fallback answer's reminder time).
    var timeZone: TimeZone = .current
    /// The clock a reminder's due time is checked against.
    var now: @Sendable () -> Date = { Date() }
    /// The user's message this turn answers. When set, `schedule_task` runs only if the user's
    /// own words ask to be reminded (``ExtractionLexicon/asksForReminder(_:)``): small models
    /// call it for facts and questions ("Dana lives in Porto" became a reminder).
    var userMessage: String?
    /// The least similarity a memory needs to be shown (a cosine), or nil for no floor.
    var minimumSimilarity: Double?

    /// What running one call gave: the text the model reads, and a plain sentence for the user
    /// when the model never answers (see ``ChatTurn``'s fallback).
    struct ToolResult: Sendable, Equatable {
        var text: String
        var summary: String?
        /// The reminder `schedule_task` scheduled (or found already scheduled).
        var scheduledTaskID: Int64?
    }

    static let searchMemory = ToolDefinition(
        name: "search_memory",
        description: """
            Search the user's long-term memory (facts about them, their preferences, people and past \
            conversations). Use it before answering anything that may depend on what you know about the user.
            """,
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "query": .object([
                    "type": .string("string"), "description": .string("What to look for, in a few words."),
                ]),
                "search_tier": .object([
                    "type": .string("string"),
                    "enum": .array(SearchTier.allCases.map { .string($0.rawValue) }),
                    "description": .string(
                        "fast: one quick fact; balanced (default): most questions; deep: questions connecting several facts."
                    ),
                ]),
            ]),
            "required": .array([.string("query")]),
        ]))

    static let scheduleTask = ToolDefinition(
        name: "schedule_task",
        description: "Schedule a reminder for the user when they ask to be reminded of something at a given time.",
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "task_description": .object([
                    "type": .string("string"), "description": .string("What to remind the user of."),
                ]),
                "due_date": .object([
                    "type": .string("string"),
                    "description": .string(
                        "When, as an ISO-8601 date-time with time zone, e.g. 2026-05-01T09:00:00+02:00."),
                ]),
            ]),
            "required": .array([.string("task_description"), .string("due_date")]),
        ]))

    static let definitions = [searchMemory, scheduleTask]
    static let names = Set(definitions.map(\.name))

    /// Runs `call`, recording its phases in `trace`; returns the text the model reads.
    func run(_ call: ToolCall, trace: inout TraceRecorder) async -> ToolResult {
        let began = ContinuousClock.now
        defer { trace.record("tool", "\(call.name) \(call.argumentsJSON.prefix(200))", from: began) }
        guard case .object(let arguments)? = JSONValue(parsing: call.argumentsJSON.isEmpty ? "{}" : call.argumentsJSON)
        else {
            return ToolResult(
                text: "error: the arguments of \(call.name) are not a JSON object: \(call.argumentsJSON.prefix(200))")
        }
        do {
            switch call.name {
            case Self.searchMemory.name: return try await searchMemory(arguments, trace: &trace)
            case Self.scheduleTask.name: return try await scheduleTask(arguments)
            default:
                return ToolResult(
                    text:
                        "error: there is no tool named \(call.name); the tools are \(Self.names.sorted().joined(separator: ", "))"
                )
            }
        } catch {
            return ToolResult(text: "error: \(call.name) failed: \(error)")
        }
    }

    private func searchMemory(_ arguments: [String: JSONValue], trace: inout TraceRecorder) async throws -> ToolResult {
        guard let query = arguments["query"]?.stringValue, !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            return ToolResult(text: "error: search_memory needs a non-empty \"query\" string")
        }
        var tier = SearchTier.balanced
        if let raw = arguments["search_tier"]?.stringValue {
            guard let parsed = SearchTier(rawValue: raw.lowercased()) else {
                return ToolResult(text: "error: search_tier must be one of fast, balanced, deep (got \(raw))")
            }
            tier = parsed
        }
        // The engine formats the result itself, so its trace (now in `trace`) times `format` too.
        let result = try await search(query, tier: tier, trace: &trace)
        // A kept turn in which the user only asked something holds no answer.
        let found = result.hits.filter { !Self.isQuestionTurn($0.memory) }.prefix(3).map { Self.plain($0.memory) }
        // An empty search says nothing the user could use: the turn's own fallback covers it.
        let summary =
            found.isEmpty
            ? nil
            : "From memory: " + found.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
                + (found.last?.hasSuffix("\"") == true ? "" : ".")
        return ToolResult(text: result.text, summary: summary)
    }

    /// The tiered search for `query`, its phase events added to `trace`.
    func search(_ query: String, tier: SearchTier, trace: inout TraceRecorder) async throws -> MemorySearchResult {
        let offset = trace.elapsed
        // The question's time, in the user's zone: "yesterday" is the user's yesterday.
        let result = try await engine.search(
            query, userID: userID, tier: tier, limit: nil, now: now(), timeZone: timeZone,
            minimumSimilarity: minimumSimilarity)
        trace.append(result.trace, offset: offset)
        return result
    }

    private func scheduleTask(_ arguments: [String: JSONValue]) async throws -> ToolResult {
        guard let description = arguments["task_description"]?.stringValue,
            !description.trimmingCharacters(in: .whitespaces).isEmpty
        else { return ToolResult(text: "error: schedule_task needs a non-empty \"task_description\" string") }
        if let userMessage, ExtractionLexicon.shipped?.asksForReminder(userMessage) != true {
            return ToolResult(
                text: "error: the user did not ask to be reminded of anything in this message; use schedule_task only "
                    + "when the user asks for a reminder. Answer the user without it.")
        }
        let now = now()
        let raw = arguments["due_date"]?.stringValue
        let given = raw.flatMap(ISO8601.parse)
        // When the user's words name the time ("tomorrow at 9"), they decide it: small models
        // resolve relative dates badly (Qwen2.5-Coder-0.5B put "tomorrow at 9" five months back).
        let said = userMessage.flatMap { ReminderTime.due(in: $0, now: now, timeZone: timeZone) }
        guard let due = said?.date ?? given else {
            return ToolResult(
                text: "error: schedule_task needs \"due_date\" as an ISO-8601 date-time such as 2026-05-01T09:00:00Z")
        }
        guard due > now.addingTimeInterval(-60) else {
            return ToolResult(
                text: "error: due_date \(raw ?? "") is in the past; it is now \(ISO8601.format(now)). Resolve relative "
                    + "dates (\"tomorrow at 9\") from the current date and time, or answer without scheduling.")
        }
        var source = ""
        if let said, given.map({ abs($0.timeIntervalSince(said.date)) >= 60 }) ?? true {
            source = " (from the user's words \"\(said.phrase)\"" + (raw.map { "; due_date \($0) did not match them" } ?? "") + ")"
        }
        let task = try await engine.addTask(description, dueAt: due, userID: userID, now: now)
        return ToolResult(
            text: "scheduled task \(task.id): \(task.description) — due \(ISO8601.format(due))\(source)",
            summary: "I've set a reminder: \(task.description) (\(Self.readable(due, in: timeZone))).",
            scheduledTaskID: task.id)
    }

    /// A memory as the user would recognise it: a kept turn by what the user said in it.
    static func plain(_ memory: Memory) -> String {
        var text = memory.text
        if memory.kind == .turn, text.hasPrefix("User: ") {
            text = String(text.dropFirst(6).prefix { $0 != "\n" })
            text = "you said \"\(text.trimmingCharacters(in: .whitespaces))\""
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func isQuestionTurn(_ memory: Memory) -> Bool {
        guard memory.kind == .turn, memory.text.hasPrefix("User: ") else { return false }
        return memory.text.dropFirst(6).prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces).hasSuffix("?")
    }

    /// A date as people read it, in a fixed English form: "Tuesday 8 December 2026, 09:00 UTC".
    static func readable(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEEE d MMMM yyyy, HH:mm"
        return formatter.string(from: date) + " " + (zone.abbreviation(for: date) ?? zone.identifier)
    }
}
