import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The recogniser on the corpus of real tool-call text (`Fixtures/tool_call_text`): what
/// Qwen2.5-Coder-0.5B and SmolLM2-135M wrote on llama-server when offered MemLayer's tools, and
/// the forms of other model families from llama.cpp's own parser tests. For every case the
/// calls found are the ones a person labelled, and the text shown is only what may be shown.
@Suite("Tool-call text corpus")
struct ToolCallTextCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var raw: String
        var tools: [String]
        var expected: [JSONValue]
        /// What a recogniser that closes cut-off JSON finds, where that differs from `expected`.
        var lenient: [JSONValue]?
        var visible: String
        var testDescription: String { id }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tool_call_text")

    static let cases: [Case] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var cases: [Case] = []
        for file in files.sorted() where file.hasSuffix(".jsonl") {
            let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                guard let value = JSONValue(parsing: String(line)) else { continue }
                cases.append(
                    Case(
                        id: value["id"]?.stringValue ?? "?", raw: value["raw"]?.stringValue ?? "",
                        tools: value["tools"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                        expected: value["expected"]?.arrayValue ?? [], lenient: value["lenient_expected"]?.arrayValue,
                        visible: value["visible_text"]?.stringValue ?? ""))
            }
        }
        return cases
    }()

    static func tools(_ names: [String]) -> [ToolDefinition] {
        names.map { name in
            MemoryTools.definitions.first { $0.name == name }
                ?? ToolDefinition(name: name, description: "", parameters: .object(["type": .string("object")]))
        }
    }

    @Test("the corpus is there: at least 150 cases, 100 of them captured from real models")
    func size() {
        #expect(Self.cases.count >= 150)
        #expect(Self.cases.filter { !$0.id.hasPrefix("published") }.count >= 100)
    }

    @Test("every case: the labelled calls are found, and only the labelled text is shown", arguments: cases)
    func recognised(_ example: Case) {
        let filter = ToolCallTextFilter.recognise(example.raw, tools: Self.tools(example.tools))
        let found = filter.recognised.map { found -> JSONValue in
            .object([
                "name": .string(found.call.name),
                "arguments": JSONValue(parsing: found.call.argumentsJSON) ?? .string(found.call.argumentsJSON),
            ])
        }
        #expect(found == example.expected || found == example.lenient)
        // Line breaks around a call taken out are layout, not content: compared with runs of
        // white space folded.
        #expect(Self.folded(filter.shown) == Self.folded(example.visible))
        if let dump = ProcessInfo.processInfo.environment["MEMLAYER_DUMP_SHOWN"] {
            let line = JSONValue.object(["id": .string(example.id), "shown": .string(filter.shown)]).jsonText + "\n"
            if let handle = FileHandle(forWritingAtPath: dump) {
                handle.seekToEndOfFile()
                handle.write(Data(line.utf8))
            }
        }
    }

    static func folded(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
