import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The recogniser on hand-written cases of every form; `ToolCallTextCorpusTests` runs it on
/// real models' outputs.
@Suite("Tool calls written as text")
struct ToolCallTextFilterTests {
    static let tools = [
        ToolDefinition(
            name: "search_memory", description: "",
            parameters: .object([
                "type": .string("object"),
                "properties": .object(["query": .object([:]), "search_tier": .object([:])]),
                "required": .array([.string("query")]),
            ])),
        ToolDefinition(
            name: "schedule_task", description: "",
            parameters: .object([
                "type": .string("object"),
                "properties": .object(["task_description": .object([:]), "due_date": .object([:])]),
                "required": .array([.string("task_description"), .string("due_date")]),
            ])),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        /// name + compact sorted arguments JSON
        var calls: [String]
        var shown: String
        var form: ToolCallTextForm?
        var testDescription: String { String(text.prefix(60)) }
    }

    static let search = #"search_memory {"query":"Kestrel"}"#
    static let cases: [Case] = [
        Case(text: #"{"name": "search_memory", "arguments": {"query": "Kestrel"}}"#, calls: [search], shown: "", form: .json),
        Case(
            text: "{\"name\": \"search_memory\", \"arguments\": {\"query\": \"Kestrel\"}}\n"
                + "{\"name\": \"schedule_task\", \"arguments\": {\"task_description\": \"Call Dana\", \"due_date\": \"2026-12-08T09:00:00Z\"}}",
            calls: [search, #"schedule_task {"due_date":"2026-12-08T09:00:00Z","task_description":"Call Dana"}"#],
            shown: "", form: .json),
        Case(
            text: #"{"name":"search_memory","arguments":{"query":"Kestrel"}}{"name":"search_memory","arguments":{"query":"boat"}}"#,
            calls: [search, #"search_memory {"query":"boat"}"#], shown: "", form: .json),
        Case(text: #"{"name": "search_memory", "arguments": {"query": "Kestrel"}"#, calls: [search], shown: "", form: .json),
        Case(text: #"{"name": "search_memory", "arguments": {"query": "Kest"#, calls: [], shown: "", form: .json),
        Case(
            text: "{\"name\": \"search_memory\", \"arguments\": {\"query\": \"Kestrel\"}}\nI hope this helps!",
            calls: [search], shown: "I hope this helps!", form: .json),
        Case(
            text: "Let me look that up.\n{\"name\": \"search_memory\", \"parameters\": {\"query\": \"Kestrel\"}}",
            calls: [search], shown: "Let me look that up.", form: .json),
        Case(text: "```json\n{\"name\": \"search_memory\", \"arguments\": {\"query\": \"Kestrel\"}}\n```", calls: [search], shown: "", form: .fencedJSON),
        Case(text: "<tool_call>\n{\"name\": \"search_memory\", \"arguments\": {\"query\": \"Kestrel\"}}\n</tool_call>", calls: [search], shown: "", form: .toolCallTag),
        Case(text: "<tool_call>\n{\"name\": \"search_memory\", \"arguments\": {\"query\": \"Kestrel\"}}", calls: [search], shown: "", form: .toolCallTag),
        Case(text: #"[TOOL_CALLS][{"name": "search_memory", "arguments": {"query": "Kestrel"}}]"#, calls: [search], shown: "", form: .mistral),
        Case(text: #"[TOOL_CALLS]search_memory[ARGS]{"query": "Kestrel"}"#, calls: [search], shown: "", form: .mistral),
        Case(text: #"<|python_tag|>{"name": "search_memory", "parameters": {"query": "Kestrel"}}"#, calls: [search], shown: "", form: .pythonTag),
        Case(text: #"<|python_tag|>search_memory.call(query="Kestrel")"#, calls: [search], shown: "", form: .pythonTag),
        Case(text: #"functions.search_memory({"query": "Kestrel"})"#, calls: [search], shown: "", form: .callSyntax),
        Case(text: #"search_memory(query="Kestrel")"#, calls: [search], shown: "", form: .callSyntax),
        Case(text: #"search_memory("Kestrel")"#, calls: [search], shown: "", form: .callSyntax),
        Case(text: #"[search_memory(query='Kestrel')]"#, calls: [search], shown: "", form: .json),
        Case(text: #"<function=search_memory>{"query": "Kestrel"}</function>"#, calls: [search], shown: "", form: .functionTag),
        Case(text: #"{"function": {"name": "search_memory", "arguments": "{\"query\": \"Kestrel\"}"}}"#, calls: [search], shown: "", form: .json),
        Case(text: #"{"tool_calls": [{"name": "search_memory", "arguments": {"query": "Kestrel"}}]}"#, calls: [search], shown: "", form: .json),
        Case(text: #"{"name": "search_memory", "query": "Kestrel"}"#, calls: [search], shown: "", form: .json),
        Case(text: #"{"search_memory": {"query": "Kestrel"}}"#, calls: [search], shown: "", form: .json),
        // Plain answers pass through unchanged.
        Case(text: #"{"colour": "blue"}"#, calls: [], shown: #"{"colour": "blue"}"#),
        Case(text: "Your boat is called Kestrel.", calls: [], shown: "Your boat is called Kestrel."),
        Case(text: "Use {curly} braces and [brackets] (like this).", calls: [], shown: "Use {curly} braces and [brackets] (like this)."),
        Case(text: "```python\nprint('hi')\n```", calls: [], shown: "```python\nprint('hi')\n```"),
        Case(text: "I can use search_memory to look things up.", calls: [], shown: "I can use search_memory to look things up."),
        Case(text: "An open { brace with no end", calls: [], shown: "An open { brace with no end"),
        Case(text: "See [1] and the functions.py file.", calls: [], shown: "See [1] and the functions.py file."),
    ]

    static func summary(_ filter: ToolCallTextFilter) -> [String] {
        filter.recognised.map { "\($0.call.name) \(JSONValue(parsing: $0.call.argumentsJSON)?.jsonText ?? "?")" }
    }

    @Test("each form is recognised in a whole reply", arguments: cases)
    func wholeReply(_ example: Case) {
        let filter = ToolCallTextFilter.recognise(example.text, tools: Self.tools)
        #expect(Self.summary(filter) == example.calls)
        #expect(filter.shown == example.shown)
        if let form = example.form { #expect(filter.recognised.allSatisfy { $0.form == form }) }
    }

    @Test("the same holds when the reply streams in pieces split at every byte", arguments: cases)
    func streamed(_ example: Case) {
        let characters = Array(example.text)
        for split in 1..<max(characters.count, 2) {
            var filter = ToolCallTextFilter(tools: Self.tools)
            var shown = filter.feed(String(characters[..<min(split, characters.count)]))
            shown += filter.feed(String(characters[min(split, characters.count)...]))
            shown += filter.finish()
            #expect(Self.summary(filter) == example.calls, "split at \(split)")
            #expect(shown == example.shown, "split at \(split)")
        }
    }

    @Test("one character at a time, text before a call is shown before the call arrives")
    func streamsProseEarly() {
        var filter = ToolCallTextFilter(tools: Self.tools)
        var shown = ""
        for character in "Sure, one moment. " { shown += filter.feed(String(character)) }
        #expect(shown == "Sure, one moment.")
        for character in #"{"name": "search_memory", "arguments": {"query": "x"}}"# {
            shown += filter.feed(String(character))
        }
        shown += filter.finish()
        #expect(shown == "Sure, one moment.")
        #expect(filter.recognised.count == 1)
    }

    @Test("a tag whose body cannot be read is taken out and counted, never shown")
    func malformedTag() {
        let filter = ToolCallTextFilter.recognise("<tool_call>\nsearch for Kestrel please\n</tool_call>", tools: Self.tools)
        #expect(filter.shown.isEmpty)
        #expect(filter.malformed == 1)
    }

    @Test("the same call written 500 times, one per line, is recognised every time and never shown")
    func loopingModel() {
        let line = #"{"name": "search_memory", "arguments": {"query": "Kestrel"}}"#
        let filter = ToolCallTextFilter.recognise(Array(repeating: line, count: 500).joined(separator: "\n"), tools: Self.tools)
        #expect(filter.recognised.count == 500)
        #expect(filter.shown.isEmpty)
    }
}
