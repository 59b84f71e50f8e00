/// Reads the tool calls out of one piece of model text that looks like a call — a JSON value, a
/// tag's body, `NAME(…)` — once ``ToolCallTextFilter`` has found where the piece starts and ends.
/// Pure: no streaming, no I/O.
struct ToolCallTextDecoder: Sendable {
    /// The tools offered, by name: their parameter names, required ones first (for a positional
    /// argument, `search_memory("Kestrel")`).
    let parameters: [String: [String]]

    init(tools: [ToolDefinition]) {
        var parameters: [String: [String]] = [:]
        for tool in tools {
            let required = tool.parameters["required"].flatMap(\.arrayValue)?.compactMap(\.stringValue) ?? []
            var names = required
            if case .object(let properties)? = tool.parameters["properties"] {
                names += properties.keys.sorted().filter { !required.contains($0) }
            }
            parameters[tool.name] = names
        }
        self.parameters = parameters
    }

    var toolNames: Set<String> { Set(parameters.keys) }

    // MARK: JSON

    /// The calls in a JSON value: `{"name", "arguments"|"parameters"}`, wrapped in `function`,
    /// listed under `tool_calls`, in an array, `{"search_memory": {…}}`, or the arguments written
    /// beside the name. Nil when the value is not (only) tool calls.
    func calls(in value: JSONValue) -> [ToolCall]? {
        switch value {
        case .array(let items):
            let calls = items.compactMap(call(in:))
            return calls.count == items.count && !calls.isEmpty ? calls : nil
        case .object(let members):
            if let list = members["tool_calls"] ?? members["calls"], case .array = list { return calls(in: list) }
            return call(in: value).map { [$0] }
        default:
            return nil
        }
    }

    /// The calls in JSON text, also when it is cut off (closed unambiguously) or has a trailing comma.
    func calls(inJSONText text: some Collection<UInt8>) -> [ToolCall]? {
        let bytes = Array(text)
        let whole = String(decoding: bytes, as: UTF8.self)
        for candidate in [whole, Self.removingTrailingCommas(whole)] + BalancedSpan.completions(of: bytes[...]) {
            if let value = JSONValue(parsing: candidate) { return calls(in: value) }
        }
        return nil
    }

    /// Every call in text holding one or more JSON values in a row (one per line, concatenated,
    /// or separated by `,` / `;`), the last one maybe cut off. Nil unless every value is a call.
    func calls(inJSONSequence text: some Collection<UInt8>) -> [ToolCall]? {
        let bytes = Array(text)
        var calls: [ToolCall] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if BalancedSpan.isSpace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else { return nil }
            let end = BalancedSpan.end(of: bytes, from: index) ?? bytes.count
            guard let found = self.calls(inJSONText: bytes[index..<end]) else { return nil }
            calls += found
            index = end
        }
        return calls.isEmpty ? nil : calls
    }

    private func call(in value: JSONValue) -> ToolCall? {
        guard case .object(var object) = value else { return nil }
        for key in ["function", "function_call", "tool_call"] {
            if case .object(let inner)? = object[key] {
                object = inner
                break
            }
        }
        let nameKeys = ["name", "tool", "tool_name"]
        if let name = nameKeys.lazy.compactMap({ object[$0]?.stringValue }).first {
            guard Self.isIdentifier(name) else { return nil }
            let argumentKeys = ["arguments", "parameters", "args", "input", "tool_input"]
            if let arguments = argumentKeys.lazy.compactMap({ object[$0] }).first {
                return make(name, arguments)
            }
            // {"name": "search_memory", "query": "…"}: arguments beside the name, for a tool we know.
            guard parameters[name] != nil else { return nil }
            for key in nameKeys + ["type", "id"] { object[key] = nil }
            return make(name, .object(object))
        }
        if object.count == 1, let (name, arguments) = object.first, parameters[name] != nil,
            case .object = arguments
        {
            return make(name, arguments)
        }
        return nil
    }

    /// A call of `name` with `arguments`: an object, JSON text of one (double-encoded), a bare
    /// value for the tool's first parameter, or nothing.
    func make(_ name: String, _ arguments: JSONValue) -> ToolCall? {
        let json: String
        switch arguments {
        case .object:
            json = arguments.jsonText
        case .null:
            json = "{}"
        case .string(let text):
            if let inner = JSONValue(parsing: text), case .object = inner {
                json = inner.jsonText
            } else if let first = parameters[name]?.first {
                json = JSONValue.object([first: arguments]).jsonText
            } else {
                return nil
            }
        default:
            return nil
        }
        return ToolCall(id: "", name: name, argumentsJSON: json)
    }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.utf8.allSatisfy { isIdentifierByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// `json` without commas directly before `}` or `]` (outside strings): a common slip.
    static func removingTrailingCommas(_ json: String) -> String {
        let bytes = Array(json.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var inString = false
        var escaped = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                let next = bytes[(offset + 1)...].first { !BalancedSpan.isSpace($0) }
                if next == UInt8(ascii: "}") || next == UInt8(ascii: "]") { continue }
            }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension JSONValue {
    /// The elements, if this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
