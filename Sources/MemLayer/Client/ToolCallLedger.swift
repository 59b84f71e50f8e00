/// The tool calls run during one turn and what they returned: a call the model makes again with
/// the same arguments gets the earlier result instead of running twice (a second
/// `schedule_task` would be a second reminder), and the results' plain summaries make the
/// answer of last resort when the model never writes one.
struct ToolCallLedger {
    private var results: [String: MemoryTools.ToolResult] = [:]
    private var order: [String] = []

    /// The name and the arguments with sorted keys: equal for the same call however it was written.
    static func key(_ call: ToolCall) -> String {
        call.name + " " + (JSONValue(parsing: call.argumentsJSON)?.jsonText ?? call.argumentsJSON)
    }

    var isEmpty: Bool { results.isEmpty }

    /// The keys of every call run so far.
    var keys: Set<String> { Set(order) }

    /// The reminders `schedule_task` scheduled (or found already scheduled), in order.
    var scheduledTaskIDs: [Int64] {
        order.compactMap { results[$0]?.scheduledTaskID }
    }

    func result(for call: ToolCall) -> MemoryTools.ToolResult? {
        results[Self.key(call)]
    }

    mutating func record(_ call: ToolCall, _ result: MemoryTools.ToolResult) {
        let key = Self.key(call)
        if results.updateValue(result, forKey: key) == nil { order.append(key) }
    }

    /// A plain answer from what the tools returned, in the order they ran; nil when none said
    /// anything a person can use.
    var fallbackAnswer: String? {
        let sentences = order.compactMap { results[$0]?.summary }
        var unique: [String] = []
        for sentence in sentences where !unique.contains(sentence) { unique.append(sentence) }
        return unique.isEmpty ? nil : unique.joined(separator: " ")
    }
}
