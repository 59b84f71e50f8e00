import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("Extraction reply parsing")
struct ExtractionReplyParserTests {
    private let parser = ExtractionReplyParser(timeZone: TimeZone(identifier: "Europe/Lisbon")!)

    private static let valid = """
        {"facts": [{"text": "User works at Acme Corp.", "importance": 0.8, "expires_at": null}],
         "entities": [{"name": "Acme Corp", "type": "organization"}],
         "relationships": [{"subject": "User", "predicate": "works at", "object": "Acme Corp"}],
         "tasks": []}
        """

    private static let expected = ExtractionResult(
        facts: [ExtractedFact(text: "User works at Acme Corp.", importance: 0.8)],
        entities: [ExtractedEntity(name: "Acme Corp", type: "organization")],
        relationships: [ExtractedRelationship(subject: "User", predicate: "works at", object: "Acme Corp")])

    @Test(
        "bare, fenced, chatty and fenced-inside-prose replies read the same",
        arguments: [
            valid,
            "```json\n\(valid)\n```",
            "```\n\(valid)\n```\n",
            "Here is the JSON: \(valid) Hope this helps!",
            "Sure! I found these {curly} things.\n```json\n\(valid)\n```\nLet me know if you need more.",
            "{\"note\": \"draft\"} and the answer: \(valid)",
        ])
    func wrappings(reply: String) throws {
        #expect(try parser.parse(reply) == Self.expected)
    }

    @Test("braces inside strings do not confuse the scan")
    func bracesInStrings() throws {
        let reply = #"{"facts": [{"text": "User writes {curly} and \"quoted\" }{ things", "importance": 0.4}]}"#
        #expect(
            try parser.parse(reply).facts == [
                ExtractedFact(text: #"User writes {curly} and "quoted" }{ things"#, importance: 0.4)
            ])
    }

    @Test(
        "truncated, prose-only and off-schema replies are malformed",
        arguments: [
            #"{"facts": [{"text": "User works at Acme Corp.", "importance": 0.8}, {"text": "User li"#,
            "I could not find anything worth remembering.",
            #"{"name": "Acme", "kind": "company"}"#,
            #"{"facts": [{}], "entities": [{"#,
            "",
        ])
    func malformed(reply: String) {
        #expect(throws: ExtractionError.self) { try parser.parse(reply) }
        do {
            _ = try parser.parse(reply)
        } catch let error as ExtractionError {
            #expect(error.kind == .malformedReply)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a lone {} means nothing to remember; missing sections are empty")
    func emptyAnswers() throws {
        #expect(try parser.parse("{}") == ExtractionResult())
        #expect(try parser.parse("Nothing here: {}") == ExtractionResult())
        let onlyFacts = try parser.parse(#"{"facts": [{"text": "User likes tea."}]}"#)
        #expect(onlyFacts == ExtractionResult(facts: [ExtractedFact(text: "User likes tea.", importance: 0.5)]))
    }

    @Test("type-sloppy values are coerced: numeric strings, percentages, words, out-of-range numbers clamped")
    func sloppyTypes() throws {
        let reply = """
            {"Facts": [
              {"text": "A", "importance": "0.8"}, {"text": "B", "importance": 7}, {"text": "C", "importance": -2},
              {"text": "D", "importance": "80%"}, {"text": "E", "importance": "high"}, {"text": "F", "importance": true},
              {"fact": "G", "score": 0.3}, "H as a bare string", {"text": "I", "importance": "n/a"}
            ],
             "entities": ["Dana", {"name": "Porto"}, {"entity": "Acme", "entity_type": "organization"}],
             "relations": [["Dana", "lives in", "Porto"]],
             "reminders": "Call Dana",
             "confidence": 0.9, "notes": {"anything": [1, 2]}}
            """
        let result = try parser.parse(reply)
        #expect(result.facts.map(\.text) == ["A", "B", "C", "D", "E", "F", "G", "H as a bare string", "I"])
        #expect(result.facts.map(\.importance) == [0.8, 1, 0, 0.8, 0.8, 0.5, 0.3, 0.5, 0.5])
        #expect(
            result.entities == [
                ExtractedEntity(name: "Dana"), ExtractedEntity(name: "Porto"),
                ExtractedEntity(name: "Acme", type: "organization"),
            ])
        #expect(
            result.relationships == [ExtractedRelationship(subject: "Dana", predicate: "lives in", object: "Porto")])
        #expect(result.tasks == [ExtractedTask(description: "Call Dana")])
        #expect(result.skippedItems == 0)
    }

    @Test("invalid items are skipped one by one; the rest is kept")
    func invalidItems() throws {
        let reply = """
            {"facts": [{"text": ""}, {"importance": 0.9}, {"text": 42}, {"text": "User is vegan.", "importance": 0.7}, null],
             "entities": [{"name": "  "}, {"type": "person"}, {"name": "Dana Smith", "type": "person"}, 7],
             "relationships": [{"subject": "Dana Smith", "predicate": "sister of"}, {"subject": "Dana Smith",
               "predicate": "sister of", "object": "User"}, ["only", "two"]],
             "tasks": [{"due_date": "2026-12-01"}, {"description": "Book dentist", "due_date": "someday"}]}
            """
        let result = try parser.parse(reply)
        #expect(result.facts == [ExtractedFact(text: "User is vegan.", importance: 0.7)])
        #expect(result.entities == [ExtractedEntity(name: "Dana Smith", type: "person")])
        #expect(
            result.relationships == [
                ExtractedRelationship(subject: "Dana Smith", predicate: "sister of", object: "User")
            ])
        #expect(result.tasks == [ExtractedTask(description: "Book dentist", dueAt: nil)])
        #expect(result.skippedItems == 4 + 3 + 2 + 1)
    }

    @Test("trailing commas are forgiven; repeated facts merge with the highest importance")
    func trailingCommasAndRepeats() throws {
        let reply =
            #"{"facts": [{"text": "User likes tea.", "importance": 0.2,}, {"text": "user  likes tea.", "importance": 0.6},],}"#
        #expect(try parser.parse(reply).facts == [ExtractedFact(text: "User likes tea.", importance: 0.6)])
    }

    @Test("dates: offsets and Z as written, local date-times and bare dates in the user's zone")
    func dates() throws {
        let reply = """
            {"facts": [
              {"text": "A", "expires_at": "2026-12-04T18:00:00+01:00"},
              {"text": "B", "expires_at": "2026-12-04T18:00:00Z"},
              {"text": "C", "expires_at": "2026-07-04T18:00:00"},
              {"text": "D", "expires_at": "2026-07-04"},
              {"text": "E", "expires_at": "2026-02-30"},
              {"text": "F", "expires_at": "next week"},
              {"text": "G", "expires_at": "2026-12-04 09:30"}],
             "tasks": [{"description": "T", "due_date": "2026-07-04"}, {"description": "U", "due": "2026-12-04T09:00:00.500-05:00"}]}
            """
        let result = try parser.parse(reply)
        let expiry = result.facts.map(\.expiresAt)
        #expect(expiry[0] == ISO8601.parse("2026-12-04T17:00:00Z"))
        #expect(expiry[1] == ISO8601.parse("2026-12-04T18:00:00Z"))
        #expect(expiry[2] == ISO8601.parse("2026-07-04T17:00:00Z"))  // Lisbon is UTC+1 in July
        #expect(expiry[3] == ISO8601.parse("2026-07-04T23:00:00Z"))  // holds through the whole day
        #expect(expiry[4] == nil && expiry[5] == nil)
        #expect(expiry[6] == ISO8601.parse("2026-12-04T09:30:00Z"))  // Lisbon is UTC+0 in December
        #expect(
            result.tasks.map(\.dueAt) == [
                ISO8601.parse("2026-07-03T23:00:00Z"), ISO8601.parse("2026-12-04T14:00:00.5Z"),
            ])
    }

    @Test("the locator returns balanced objects only, and resumes after one that is not JSON")
    func locator() {
        #expect(
            JSONObjectLocator.candidates(in: "a {b} c {\"d\": {\"e\": 1}} f {g") == [
                "{b}", "{\"d\": {\"e\": 1}}", "{\"e\": 1}",
            ])
        #expect(JSONObjectLocator.candidates(in: "{ unclosed {\"x\": 1}") == ["{\"x\": 1}"])
        #expect(JSONObjectLocator.candidates(in: "no braces").isEmpty)
        #expect(
            JSONObjectLocator.removingTrailingCommas(#"{"a": [1, 2, ], "b": "x, ]",}"#)
                == #"{"a": [1, 2 ], "b": "x, ]"}"#)
    }
}
