/// The JSON Schema of an extraction reply, sent as `responseFormat: .jsonSchema` so providers
/// that can constrain decoding to it do: a small model then cannot wrap the object in prose,
/// invent keys, or stop inside a string. Every object lists all its keys as required and allows
/// no others (what OpenAI's strict mode asks); values that may be absent are `null`. The
/// tolerant ``ExtractionReplyParser`` still reads every reply, since most servers only promise
/// JSON.
///
/// Arrays and strings are bounded (`maxItems`, `maxLength`): under a grammar, Qwen2.5-Coder-0.5B
/// on llama-server filled its whole 1,024-token cap with facts (143 s on 2 busy cores) and
/// was then asked again with twice the cap. One turn never needs more than these.
enum ExtractionReplySchema {
    /// The name the schema is sent under.
    static let name = "memories"

    /// `{"facts": [...], "entities": [...], "relationships": [...], "tasks": [...]}`.
    static let schema: JSONValue = object([
        "facts": array(
            of: object([
                "text": string(maxLength: 300),
                "importance": .object(["type": .string("number")]),
                "expires_at": nullableString,
                "event_date": nullableString,
            ]), maxItems: 8),
        "entities": array(
            of: object([
                "name": string(maxLength: 80),
                "type": .object([
                    "type": .string("string"),
                    "enum": .array(["person", "organization", "place", "event", "thing"].map(JSONValue.string)),
                ]),
            ]), maxItems: 10),
        "relationships": array(
            of: object([
                "subject": string(maxLength: 80),
                "predicate": string(maxLength: 40),
                "object": string(maxLength: 80),
            ]), maxItems: 10),
        "tasks": array(
            of: object([
                "description": string(maxLength: 200),
                "due_date": nullableString,
            ]), maxItems: 3),
    ])

    private static let nullableString: JSONValue = .object(["type": .array([.string("string"), .string("null")])])

    /// An object whose keys are all required (listed sorted) and the only ones allowed.
    private static func object(_ properties: [String: JSONValue]) -> JSONValue {
        .object([
            "type": .string("object"), "properties": .object(properties),
            "required": .array(properties.keys.sorted().map(JSONValue.string)), "additionalProperties": .bool(false),
        ])
    }

    private static func array(of items: JSONValue, maxItems: Int) -> JSONValue {
        .object(["type": .string("array"), "items": items, "maxItems": .number(Double(maxItems))])
    }

    private static func string(maxLength: Int) -> JSONValue {
        .object(["type": .string("string"), "maxLength": .number(Double(maxLength))])
    }
}
