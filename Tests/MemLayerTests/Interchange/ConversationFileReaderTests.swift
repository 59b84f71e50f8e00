import Foundation
import MemLayer
import Testing

@Suite("Conversation file reader")
struct ConversationFileReaderTests {
    private func read(_ text: String) throws -> [ConversationMessage] {
        try ConversationFileReader.read(Data(text.utf8))
    }

    @Test("reads one message per line, with speaker and id optional")
    func lines() throws {
        let messages = try read(
            """
            {"conversation": "c1", "time": "2023-05-08T13:56:00Z", "role": "user", "speaker": "Caroline", "text": "I went to a support group", "id": "D1:3"}

            {"conversation": 7, "time": "2023-05-08", "role": "assistant", "text": "How was it?"}
            """)
        #expect(messages.count == 2)
        #expect(messages[0].conversation == "c1" && messages[0].speaker == "Caroline" && messages[0].id == "D1:3")
        #expect(messages[0].time == Date(timeIntervalSince1970: 1_683_554_160))
        #expect(messages[0].line == 1 && messages[1].line == 3)
        #expect(messages[1].conversation == "7" && messages[1].role == .assistant && messages[1].id == nil)
        #expect(messages[1].speakerLabel == "Assistant")
    }

    @Test(
        "a bad line names its line number and what to fix",
        arguments: [
            (#"{"conversation": "c1", "role": "user", "text": "hi"}"#, "\"time\""),
            (#"{"conversation": "c1", "time": "May 8", "role": "user", "text": "hi"}"#, "ISO-8601"),
            (#"{"conversation": "c1", "time": "2023-05-08", "role": "system", "text": "hi"}"#, "\"role\""),
            (#"{"time": "2023-05-08", "role": "user", "text": "hi"}"#, "\"conversation\""),
            (#"{"conversation": "c1", "time": "2023-05-08", "role": "user", "text": "  "}"#, "empty"),
            (#"{"conversation": "c1", "time": "2023-05-08", "role": "user", "text": "a", "id": "x"}"#, "already used"),
            ("not json", "not valid JSON"),
            (#"{"conversation": "c\u0000", "time": "2023-05-08", "role": "user", "text": "a"}"#, "\"conversation\" contains a NUL"),
            (#"{"conversation": "c1", "time": "2023-05-08", "role": "user", "speaker": "A\u0000", "text": "a"}"#, "\"speaker\" contains a NUL"),
            (#"{"conversation": "c1", "time": "2023-05-08", "role": "user", "text": "a", "id": "y\u0000"}"#, "\"id\" contains a NUL"),
        ])
    func badLine(line: String, reason: String) throws {
        let good = #"{"conversation": "c1", "time": "2023-05-08", "role": "user", "text": "hello", "id": "x"}"#
        let error = #expect(throws: ImportError.self) { try read(good + "\n" + line) }
        #expect(error?.line == 2)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("ChatGPT's export: the active branch only, system, tool, hidden and empty messages skipped")
    func chatGPT() throws {
        let messages = try read(ChatGPTExportFixture.json)
        #expect(messages.map(\.text) == ["My boat is called Kestrel.", "Nice name!", "Where do I moor it?"])
        #expect(messages.map(\.role) == [.user, .assistant, .user])
        #expect(messages.allSatisfy { $0.conversation == "conv-1" })
        #expect(messages[0].id == "u1" && messages[0].time == Date(timeIntervalSince1970: 1_700_000_010))
        #expect(messages[2].id == "u2b")
    }

    @Test("a ChatGPT conversation without current_node names its place in the array")
    func chatGPTBroken() throws {
        let text = #"[{"id": "a", "mapping": {}, "current_node": "n"}, {"id": "b", "mapping": {}}]"#
        let error = #expect(throws: ImportError.self) { try read(text) }
        #expect(error?.line == 1 && error?.reason.contains("missing") == true, "\(String(describing: error))")
    }

    @Test("one turn memory per message, with its place; --extract pairs a user message with the reply after it")
    func plan() throws {
        let messages = try read(
            """
            {"conversation": "c1", "time": "2023-05-08T10:00:00Z", "role": "user", "speaker": "Caroline", "text": "Thanks!", "id": "a"}
            {"conversation": "c2", "time": "2023-05-09T10:00:00Z", "role": "user", "text": "Thanks!", "id": "b"}
            {"conversation": "c1", "time": "2023-05-08T10:01:00Z", "role": "assistant", "text": "You're welcome", "id": "c"}
            """)
        let plan = ConversationImport(messages: messages, extract: true)
        #expect(plan.conversationCount == 2)
        #expect(plan.memories.map(\.text) == ["Caroline: Thanks!", "User: Thanks!", "Assistant: You're welcome"])
        #expect(plan.memories.allSatisfy { $0.kind == .turn && $0.source == "import" })
        #expect(plan.memories[2].metadataJSON == #"{"conversation":"c1","position":2,"role":"assistant"}"#)
        #expect(
            plan.memories[0].metadataJSON == #"{"conversation":"c1","position":1,"role":"user","speaker":"Caroline"}"#)
        #expect(plan.turns.count == 2)
        #expect(plan.turns[0].user == "Caroline: Thanks!" && plan.turns[0].assistant == "You're welcome")
        #expect(plan.turns[0].keptMemoryID == "a" && plan.turns[0].at == messages[0].time)
        #expect(plan.turns[1].assistant == "" && plan.turns[1].keptMemoryID == "b")
        #expect(ConversationImport(messages: messages, extract: false).turns.isEmpty)
    }
}
