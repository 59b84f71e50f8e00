import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("GeminiSchema")
struct GeminiSchemaTests {
    @Test("JSON Schema is reduced to Gemini's subset; equivalent spellings are translated")
    func sanitize() throws {
        let schema = try #require(
            JSONValue(
                parsing: #"""
                    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
                     "properties":{
                       "query":{"type":"string","minLength":1,"format":"uri","examples":["cats"]},
                       "limit":{"type":["integer","null"],"minimum":1,"maximum":50,"exclusiveMaximum":51},
                       "kind":{"const":"fact"},
                       "when":{"type":"string","format":"date-time"},
                       "tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$","$comment":"lower"},"uniqueItems":true},
                       "scope":{"oneOf":[{"type":"string"},{"type":"object","properties":{"id":{"type":"integer"}},"patternProperties":{}}]},
                       "level":{"type":"integer","enum":[1,2,3]},
                       "either":{"type":["string","number"]}},
                     "required":["query","ghost"],"$defs":{"x":{}}}
                    """#))

        let sanitized = GeminiSchema.sanitize(schema)

        let expected = try #require(
            JSONValue(
                parsing: #"""
                    {"type":"object",
                     "properties":{
                       "query":{"type":"string","minLength":1},
                       "limit":{"type":"integer","nullable":true,"minimum":1,"maximum":50},
                       "kind":{"enum":["fact"]},
                       "when":{"type":"string","format":"date-time"},
                       "tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"}},
                       "scope":{"anyOf":[{"type":"string"},{"type":"object","properties":{"id":{"type":"integer"}}}]},
                       "level":{"type":"integer"},
                       "either":{"anyOf":[{"type":"string"},{"type":"number"}]}},
                     "required":["query"]}
                    """#))
        #expect(sanitized == expected, "\(sanitized.jsonText)")
    }

    @Test("A tool without parameters declares none: Gemini rejects an object schema without properties")
    func noParameters() {
        #expect(GeminiSchema.parameters(from: .object(["type": .string("object")])) == nil)
        #expect(GeminiSchema.parameters(from: .object(["type": .string("object"), "properties": .object([:])])) == nil)
        #expect(GeminiSchema.parameters(from: .null) == nil)
        let one = JSONValue.object([
            "type": .string("object"), "properties": .object(["a": .object(["type": .string("string")])]),
        ])
        #expect(GeminiSchema.parameters(from: one) == one)
    }
}

@Suite("GeminiCallLedger")
struct GeminiCallLedgerTests {
    @Test("Ids count up for the ledger's lifetime; Gemini's own ids and signatures are kept")
    func ids() {
        let ledger = GeminiCallLedger()

        #expect(ledger.register(serviceID: nil, thoughtSignature: "sig") == "call_1")
        #expect(ledger.register(serviceID: "", thoughtSignature: nil) == "call_2")
        #expect(ledger.register(serviceID: "fc_9", thoughtSignature: nil) == "fc_9")
        #expect(ledger.register(serviceID: nil, thoughtSignature: nil) == "call_3")

        #expect(ledger.entry(for: "call_1") == .init(thoughtSignature: "sig", idFromService: false))
        #expect(ledger.entry(for: "fc_9") == .init(thoughtSignature: nil, idFromService: true))
        #expect(ledger.entry(for: "call_99") == nil)
    }

    @Test("The oldest calls are forgotten beyond the capacity")
    func bounded() {
        let ledger = GeminiCallLedger()
        for _ in 0..<(GeminiCallLedger.capacity + 5) { _ = ledger.register(serviceID: nil, thoughtSignature: "s") }

        #expect(ledger.entry(for: "call_5") == nil)
        #expect(ledger.entry(for: "call_6") != nil)
        #expect(ledger.entry(for: "call_\(GeminiCallLedger.capacity + 5)") != nil)
    }
}
