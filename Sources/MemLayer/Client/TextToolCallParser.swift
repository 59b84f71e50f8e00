import Foundation

/// Small local models often write a tool call as JSON text instead of a structured call:
/// `{"name": "search_memory", "arguments": {...}}`, maybe in a ```json fence, maybe as
/// `{"function": {...}}`, `{"tool_calls": [...]}` or an array. This recognises such a reply so
/// the client can run the tool and never show the JSON to the user.
enum TextToolCallParser {
    /// True while `prefix` (the start of a reply) could still be a JSON tool call: the caller
    /// holds such text back instead of streaming it.
    static func mightBeToolCall(_ prefix: String) -> Bool? {
        let trimmed = prefix.drop { $0.isWhitespace }
        if trimmed.isEmpty { return nil }  // undecided
        if trimmed.first == "{" || trimmed.first == "[" { return true }
        if "```".hasPrefix(trimmed.prefix(3)) { return trimmed.count < 3 ? nil : true }
        return false
    }

    /// The tool calls in `text`, when the whole reply is one (or several) calls of `known` tools.
    static func parse(_ text: String, known: Set<String>) -> [ToolCall]? {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("```") {
            guard let newline = body.firstIndex(of: "\n"), body.hasSuffix("```"), body.count > 6 else { return nil }
            body = String(body[body.index(after: newline)..<body.index(body.endIndex, offsetBy: -3)])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let value = JSONValue(parsing: body) else { return nil }
        let candidates: [JSONValue]
        switch value {
        case .array(let items): candidates = items
        case .object(let members):
            if case .array(let calls)? = members["tool_calls"] { candidates = calls } else { candidates = [value] }
        default: return nil
        }
        var calls: [ToolCall] = []
        for (index, candidate) in candidates.enumerated() {
            var object = candidate
            if let function = candidate["function"], case .object = function { object = function }
            guard let name = object["name"]?.stringValue, known.contains(name) else { return nil }
            let arguments = object["arguments"] ?? object["parameters"] ?? .object([:])
            let json: String
            switch arguments {
            case .string(let text): json = text  // some models double-encode
            case .object: json = arguments.jsonText
            default: return nil
            }
            calls.append(ToolCall(id: "text_call_\(index)", name: name, argumentsJSON: json))
        }
        return calls.isEmpty ? nil : calls
    }
}
