/// The JSON Schema of an extraction reply, sent as `responseFormat: .jsonSchema` so providers
/// that can constrain decoding to it do: a small model then cannot wrap the object in prose,
/// invent keys, or stop inside a string. Every object lists all its keys as required and allows
/// no others (what OpenAI's strict mode asks); values that may be absent are `null`. The
/// tolerant ``ExtractionReplyParser`` still reads every reply, since most servers only promise
/// JSON.
enum ExtractionReplySchema {
    /// The name the schema is sent under.
    static let name = "memories"

    /// `{"facts": [...], "entities": [...], "relationships": [...], "tasks": [...]}`.
    static let schema: JSONValue = object([
        "facts": array(
            of: object([
                "text": .object(["type": .string("string")]),
                "importance": .object(["type": .string("number")]),
                "expires_at": nullableString,
            ])),
        "entities": array(
            of: object([
                "name": .object(["type": .string("string")]),
                "type": .object([
                    "type": .string("string"),
                    "enum": .array(["person", "organization", "place", "event", "thing"].map(JSONValue.string)),
                ]),
            ])),
        "relationships": array(
            of: object([
                "subject": .object(["type": .string("string")]),
                "predicate": .object(["type": .string("string")]),
                "object": .object(["type": .string("string")]),
            ])),
        "tasks": array(
            of: object([
                "description": .object(["type": .string("string")]),
                "due_date": nullableString,
            ])),
    ])

    private static let nullableString: JSONValue = .object(["type": .array([.string("string"), .string("null")])])

    /// An object whose keys are all required (listed sorted) and the only ones allowed.
    private static func object(_ properties: [String: JSONValue]) -> JSONValue {
        .object([
            "type": .string("object"), "properties": .object(properties),
            "required": .array(properties.keys.sorted().map(JSONValue.string)), "additionalProperties": .bool(false),
        ])
    }

    private static func array(of items: JSONValue) -> JSONValue {
        .object(["type": .string("array"), "items": items])
    }
}
