import MCP

/// Small builders for the JSON Schemas (draft 2020-12, MCP's default dialect) of the tools'
/// inputs and outputs, so each schema reads like the document it produces.
enum JSONSchema {
    /// An object with exactly these `properties`; `required` lists those that must be present.
    static func object(
        _ properties: [String: Value], required: [String] = [], description: String? = nil
    ) -> Value {
        var schema: [String: Value] = [
            "type": "object",
            "properties": .object(properties),
            "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func string(_ description: String, minLength: Int? = nil, format: String? = nil) -> Value {
        var schema: [String: Value] = ["type": "string", "description": .string(description)]
        if let minLength { schema["minLength"] = .int(minLength) }
        if let format { schema["format"] = .string(format) }
        return .object(schema)
    }

    static func oneOf(_ values: [String], _ description: String) -> Value {
        .object(["type": "string", "enum": .array(values.map { .string($0) }), "description": .string(description)])
    }

    static func number(_ description: String, minimum: Double? = nil, maximum: Double? = nil) -> Value {
        var schema: [String: Value] = ["type": "number", "description": .string(description)]
        if let minimum { schema["minimum"] = .double(minimum) }
        if let maximum { schema["maximum"] = .double(maximum) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> Value {
        var schema: [String: Value] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        return .object(schema)
    }

    static func boolean(_ description: String) -> Value {
        .object(["type": "boolean", "description": .string(description)])
    }

    static func array(of items: Value, _ description: String) -> Value {
        .object(["type": "array", "items": items, "description": .string(description)])
    }

    /// `schema`'s type, or null.
    static func nullable(_ type: String, _ description: String) -> Value {
        .object(["type": .array([.string(type), "null"]), "description": .string(description)])
    }
}
