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
        value(inJSONText: text).flatMap(calls(in:))
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

    /// True for a tool's definition echoed back (`{"name", "description", "parameters": {"type":
    /// "object", "properties": …}}`): small models copy the schema they were given. Not a call,
    /// and not for the user either.
    static func isDefinition(_ value: JSONValue) -> Bool {
        guard case .object(var object) = value else { return false }
        if case .object(let inner)? = object["function"] { object = inner }
        let parameters = object["parameters"] ?? object["input_schema"]
        return object["description"] != nil || (parameters?["properties"] != nil && parameters?["type"] != nil)
    }

    private func call(in value: JSONValue) -> ToolCall? {
        guard case .object(var object) = value, !Self.isDefinition(value) else { return nil }
        var wrapped = object["type"]?.stringValue == "function"
        for key in ["function", "function_call", "tool_call"] {
            if case .object(let inner)? = object[key] {
                object = inner
                wrapped = true
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
            for key in nameKeys + ["type", "id"] { object[key] = nil }
            if object.isEmpty, wrapped { return make(name, .null) }  // {"type": "function", "function": {"name": …}}
            guard takes(name, object) else { return nil }
            return make(name, .object(object))
        }
        // {"search_memory": {"query": …}}
        if object.count == 1, let (name, arguments) = object.first, case .object(let members) = arguments,
            takes(name, members)
        {
            return make(name, arguments)
        }
        return nil
    }

    /// True when `name` is an offered tool and `arguments` are some of its parameters: where the
    /// call is only inferred from its shape, it must fit the tool (`{"search_memory": {"name": …}}`
    /// in a model's pseudo-code is not a search).
    private func takes(_ name: String, _ arguments: [String: JSONValue]) -> Bool {
        guard let known = parameters[name], !arguments.isEmpty else { return false }
        return arguments.keys.allSatisfy(known.contains)
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
        case .array:
            json = arguments.jsonText  // not an object: the tool says so, and the model can correct it
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
}

extension JSONValue {
    /// The elements, if this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
