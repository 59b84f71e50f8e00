/// Rewrites a tool's JSON Schema into the subset Gemini's `FunctionDeclaration.parameters`
/// accepts (the API reference's `Schema`, "a select subset of an OpenAPI 3.0 schema object").
///
/// Gemini rejects a request whose schema holds any other key (`additionalProperties`, `$schema`,
/// `$ref`, `const`, …) with HTTP 400, so those keys are dropped; JSON Schema spellings with an
/// equivalent are translated: `"type": ["string", "null"]` becomes `type` plus `nullable`,
/// `const` a one-value `enum`, `oneOf` `anyOf`. `required` keeps only declared properties.
enum GeminiSchema {
    /// The `Schema` fields of the v1beta reference.
    static let supportedKeys: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties",
        "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf",
        "propertyOrdering", "default", "items", "minimum", "maximum",
    ]

    /// Formats Gemini accepts; it rejects others (`uri`, `email`, …) on the Developer API.
    static let supportedFormats: Set<String> = ["enum", "date-time", "float", "double", "int32", "int64"]

    /// The parameters to declare for a tool, or nil for a tool without parameters: Gemini
    /// rejects an object schema without properties ("should be non-empty for OBJECT type").
    static func parameters(from schema: JSONValue) -> JSONValue? {
        guard case .object(let members) = sanitize(schema),
            case .object(let properties)? = members["properties"], !properties.isEmpty
        else { return nil }
        return .object(members)
    }

    /// `schema` reduced to Gemini's subset, recursively.
    static func sanitize(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        if case .array(let types)? = members["type"] {
            let named = types.compactMap(\.stringValue)
            let concrete = named.filter { $0 != "null" }
            if named.contains("null") { members["nullable"] = .bool(true) }
            if concrete.count == 1 {
                members["type"] = .string(concrete[0])
            } else {
                members["type"] = nil
                if !concrete.isEmpty, members["anyOf"] == nil {
                    members["anyOf"] = .array(concrete.map { .object(["type": .string($0)]) })
                }
            }
        }
        if let constant = members.removeValue(forKey: "const"), members["enum"] == nil {
            members["enum"] = .array([constant])
        }
        if let oneOf = members.removeValue(forKey: "oneOf"), members["anyOf"] == nil {
            members["anyOf"] = oneOf
        }
        if case .array(let values)? = members["enum"], !values.allSatisfy({ $0.stringValue != nil }) {
            members["enum"] = nil  // Gemini's enum lists strings only
        }
        if let format = members["format"]?.stringValue, !supportedFormats.contains(format) {
            members["format"] = nil
        }

        var result: [String: JSONValue] = [:]
        for (key, value) in members where supportedKeys.contains(key) {
            switch (key, value) {
            case ("properties", .object(let properties)):
                result[key] = .object(properties.mapValues(sanitize))
            case ("items", _):
                result[key] = sanitize(value)
            case ("anyOf", .array(let options)):
                result[key] = .array(options.map(sanitize))
            default:
                result[key] = value
            }
        }
        if case .array(let required)? = result["required"] {
            let declared: Set<String>
            if case .object(let properties)? = result["properties"] {
                declared = Set(properties.keys)
            } else {
                declared = []
            }
            let kept = required.filter { $0.stringValue.map(declared.contains) ?? false }
            result["required"] = kept.isEmpty ? nil : .array(kept)
        }
        return .object(result)
    }
}
