/// Puts streamed tool-call fragments back together, by their `index`.
///
/// OpenAI sends a call's `id` and `function.name` in its first fragment and the `arguments`
/// text in pieces after; fragments of several calls may interleave. Calls are complete only when
/// the choice finishes, so they are handed out then, in index order.
struct OpenAIToolCallAccumulator: Sendable {
    private struct Partial: Sendable {
        var id: String?
        var name = ""
        var arguments = ""
    }

    private var partials: [Int: Partial] = [:]

    /// Whether fragments are waiting to be handed out.
    var isEmpty: Bool { partials.isEmpty }

    /// Adds the fragments of one delta.
    mutating func add(_ fragments: [OpenAIChatChunk.ToolCallDelta]) {
        for (position, fragment) in fragments.enumerated() {
            // `index` is required by the spec; a server that omits it sends whole calls, one
            // per position.
            let index = fragment.index ?? position
            var partial = partials[index] ?? Partial()
            if let id = fragment.id, !id.isEmpty, partial.id == nil { partial.id = id }
            if let name = fragment.function?.name, !name.isEmpty, partial.name.isEmpty { partial.name = name }
            partial.arguments += fragment.function?.arguments ?? ""
            partials[index] = partial
        }
    }

    /// The complete calls in index order; the accumulator is empty afterwards.
    ///
    /// A call without an id (some compatible servers) is given `call_<index>`; one without
    /// arguments gets `{}`, which is what a function without parameters receives.
    mutating func drain() -> [ToolCall] {
        defer { partials.removeAll() }
        return partials.keys.sorted().compactMap { index in
            guard let partial = partials[index] else { return nil }
            return ToolCall(
                id: partial.id ?? "call_\(index)", name: partial.name,
                argumentsJSON: partial.arguments.isEmpty ? "{}" : partial.arguments)
        }
    }
}
