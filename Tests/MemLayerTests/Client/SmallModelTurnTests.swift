import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// The chat loop with models that misbehave the way small local models do: calls written as
/// text in any form and at any point, loops, calls repeated, rounds cut at the cap. Whatever
/// the model writes, the user never sees a tool call, every round ends, and the turn ends with
/// words.
@Suite("Chat turns with small models")
struct SmallModelTurnTests {
    static func collect(_ client: MemoryClient, _ text: String) async throws -> String {
        var shown = ""
        for try await chunk in client.stream([.user(text)]) { shown += chunk }
        return shown
    }

    static func done(_ reason: String, tokens: Int = 12) -> String {
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.278330Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"\#(reason)","prompt_eval_count":26,"eval_count":\#(tokens)}"#
    }

    static let leakMarkers = ["{\"name\"", "<tool_call>", "[TOOL_CALLS]", "<|python_tag|>", "search_memory(", "```json"]

    static func expectNoLeak(_ shown: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for marker in leakMarkers {
            #expect(!shown.contains(marker), "shown text contains \(marker): \(shown)", sourceLocation: sourceLocation)
        }
    }

    @Test("a Qwen-style tagged call after a sentence, mid-stream, is run and never shown")
    func taggedCallAfterProse() async throws {
        let fixture = try await ClientFixture([
            OllamaScript.answer([
                "Let me check your memory.\n<tool", "_call>\n{\"name\": \"search_memory\", \"arg",
                "uments\": {\"query\": \"boat\"}}\n</tool_call>",
            ]),
            OllamaScript.answer(["Your boat is called Kestrel."]),
        ])
        try await fixture.store.engine.remember("My boat is called Kestrel.", userID: "alice")
        let shown = try await Self.collect(fixture.client, "What's my boat called?")
        Self.expectNoLeak(shown)
        #expect(shown.hasSuffix("Your boat is called Kestrel."))
        #expect(fixture.server.requestCount == 2)
        let tool = try #require(fixture.messages(1).last)
        #expect((tool["content"] as? String)?.contains("Kestrel") == true)
        let provider = await fixture.client.lastTrace.events.filter { $0.name == "provider" }
        #expect(provider.first?.detail.contains("text_calls=1[tool_call_tag]") == true)
    }

    @Test("a model writing the same call 500 times is stopped early, the call runs once, and the turn ends in words")
    func callLoop() async throws {
        let line = #"{"name": "search_memory", "arguments": {"query": "Kestrel"}}"# + "\n"
        let never = LoopbackGate()
        var parts = (0..<500).map { _ in ScriptedResponse.Part(OllamaScript.line(content: line) + "\n") }
        parts.append(ScriptedResponse.Part(Self.done("length") + "\n", gate: never))  // only a client that reads on waits
        let looping = ScriptedResponse.stream(parts, contentType: "application/x-ndjson", framing: .chunked)
        let fixture = try await ClientFixture([looping, looping, OllamaScript.answer(["Your boat is Kestrel."])])
        try await fixture.store.engine.remember("My boat is called Kestrel.", userID: "alice")
        let shown = try await Self.collect(fixture.client, "What's my boat called?")
        Self.expectNoLeak(shown)
        #expect(shown.hasPrefix("Your boat is Kestrel."))
        #expect(fixture.server.requestCount == 3)
        #expect(fixture.request(2)["tools"] == nil)
        let trace = await fixture.client.lastTrace
        #expect(trace.events.filter { $0.name == "tool" }.count == 1)
        #expect(trace.events.contains { $0.detail.contains("cut=repeated_call(search_memory ×2)") })
        never.open()
    }

    @Test("text that loops is cut short, with a note, and the round ends without reading the rest")
    func textLoop() async throws {
        let never = LoopbackGate()
        var parts = [ScriptedResponse.Part(OllamaScript.line(content: "Here is a poem.\n") + "\n")]
        parts += (0..<300).map { _ in
            ScriptedResponse.Part(OllamaScript.line(content: "The sea is wide and the boat is small.\n") + "\n")
        }
        parts.append(ScriptedResponse.Part(Self.done("stop") + "\n", gate: never))
        let looping = ScriptedResponse.stream(parts, contentType: "application/x-ndjson", framing: .chunked)
        let fixture = try await ClientFixture([looping])
        let shown = try await Self.collect(fixture.client, "Write a poem")
        #expect(shown.hasPrefix("Here is a poem."))
        #expect(shown.count < 600)
        #expect(shown.hasSuffix("[The model began repeating itself, so its answer was cut short.]"))
        #expect(await fixture.client.lastTrace.events.contains { $0.detail.contains("cut=repetition") })
        never.open()
    }

    @Test("when the answer round still writes a call, the answer is built from the tool results")
    func fallbackAnswer() async throws {
        let call = #"{"name": "search_memory", "arguments": {"query": "boat"}}"#
        let fixture = try await ClientFixture([
            OllamaScript.answer([call]), OllamaScript.answer(["<tool_call>\(call)</tool_call>"]),
        ])
        try await fixture.store.engine.remember("My boat is called Kestrel.", userID: "alice")
        let shown = try await Self.collect(fixture.client, "What's my boat called?")
        Self.expectNoLeak(shown)
        #expect(shown.hasPrefix("From memory: "))
        #expect(shown.contains("Kestrel"))
        let trace = await fixture.client.lastTrace
        #expect(trace.events.contains { $0.name == "fallback_answer" })
        let queued = try await fixture.queued()
        #expect(queued.first?.turn.assistant.hasPrefix("From memory: ") == true)
    }

    @Test("a fallback answer quotes a kept turn by the user's own words, never the transcript")
    func fallbackQuotesTurn() async throws {
        let call = #"{"name": "search_memory", "arguments": {"query": "boat"}}"#
        let fixture = try await ClientFixture([
            OllamaScript.answer(["Noted."]), OllamaScript.answer([call]), OllamaScript.answer([call]),
        ])
        _ = try await Self.collect(fixture.client, "My boat is called Kestrel.")
        let shown = try await Self.collect(fixture.client, "What's my boat called?")
        #expect(shown.contains(#"you said "My boat is called Kestrel.""#))
        #expect(!shown.contains("Assistant:"))
    }

    @Test("a model that says nothing at all still gets a plain answer, and the turn is kept")
    func emptyAnswer() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer([""])])
        let shown = try await Self.collect(fixture.client, "My boat is called Kestrel.")
        #expect(shown == "Noted.")
        #expect(try await fixture.queued().count == 1)
        #expect(try await Self.collect(fixture.client, "What is my boat called?") == "I don't have anything about that in memory.")
    }

    @Test("a reminder asked for twice in one turn is scheduled once; the fallback says so plainly")
    func reminderOnce() async throws {
        let call = #"{"name": "schedule_task", "arguments": {"task_description": "Call Dana", "due_date": "2026-11-27T09:00:00Z"}}"#
        let fixture = try await ClientFixture([
            OllamaScript.answer([call + "\n" + call]), OllamaScript.answer([call]),
        ])
        let shown = try await Self.collect(fixture.client, "Remind me to call Dana tomorrow at 9")
        Self.expectNoLeak(shown)
        #expect(shown == "I've set a reminder: Call Dana (Friday 27 November 2026, 09:00 GMT).")
        #expect(try await fixture.store.store.tasks(userID: "alice").count == 1)
    }

    @Test("an answer cut at the token cap says so; the cap is sent with every round")
    func lengthNote() async throws {
        let cut = OllamaScript.stream([OllamaScript.line(content: "The history of boats begins"), Self.done("length")])
        let fixture = try await ClientFixture([cut])
        let shown = try await Self.collect(fixture.client, "Tell me about boats")
        #expect(shown == "The history of boats begins\n\n[The answer was cut off at the 1024-token limit.]")
        let options = try #require(fixture.request(0)["options"] as? [String: Any])
        #expect(options["num_predict"] as? Int == 1024)
        let queued = try await fixture.queued()
        #expect(queued.first?.turn.assistant == "The history of boats begins")
    }
}

@Suite("Reminders from the chat loop")
struct ChatReminderTests {
    @Test("schedule_task for a fact the user stated (no reminder asked for) is refused; nothing is scheduled")
    func ungroundedReminder() async throws {
        let call = #"{"task_description":"Dana lives in Porto.","due_date":"2026-11-26T10:30:00Z"}"#
        let fixture = try await ClientFixture([
            OllamaScript.calls([("schedule_task", call)]), OllamaScript.answer(["Noted: Dana lives in Porto."]),
        ])
        #expect(try await fixture.client.chat([.user("My sister Dana lives in Porto.")]) == "Noted: Dana lives in Porto.")
        #expect(try await fixture.store.store.tasks(userID: "alice").isEmpty)
        let result = try #require(fixture.messages(1).last?["content"] as? String)
        #expect(result.contains("did not ask to be reminded"))
        #expect(try await fixture.queued().first?.turn.scheduledTaskIDs == [])
    }

    @Test("a reminder the user asked for is scheduled, and the queued turn says so, so extraction adds no second one")
    func groundedReminder() async throws {
        let call = #"{"task_description":"Call Dana","due_date":"2026-11-27T09:00:00Z"}"#
        let fixture = try await ClientFixture([
            OllamaScript.calls([("schedule_task", call)]), OllamaScript.answer(["I'll remind you."]),
        ])
        _ = try await fixture.client.chat([.user("Can you remind me to call Dana tomorrow at 9?")])
        let tasks = try await fixture.store.store.tasks(userID: "alice")
        #expect(tasks.count == 1)
        #expect(try await fixture.queued().first?.turn.scheduledTaskIDs == tasks.map(\.id))
    }

    @Test("a reminder due in the past is refused with the current time, so the model can correct it")
    func pastReminder() async throws {
        let call = #"{"task_description":"Call Dana","due_date":"2026-07-07T09:00:00Z"}"#
        let fixture = try await ClientFixture([
            OllamaScript.calls([("schedule_task", call)]), OllamaScript.answer(["Sorry."]),
        ])
        _ = try await fixture.client.chat([.user("Remind me to call Dana, please.")])
        #expect(try await fixture.store.store.tasks(userID: "alice").isEmpty)
        let result = try #require(fixture.messages(1).last?["content"] as? String)
        #expect(result.contains("is in the past; it is now 2026-11-26T10:30:00.000Z"))
    }

    @Test("when the user's words name the time, they decide it: a past or missing due_date is replaced")
    func wordsDecideTheTime() async throws {
        // What Qwen2.5-Coder-0.5B sent for "Remind me tomorrow at 9 to call Dana." (asked on 7 December).
        let call = #"{"task_description":"Call Dana tomorrow at 9 AM.","due_date":"2026-05-01T09:00:00+02:00"}"#
        let fixture = try await ClientFixture([
            OllamaScript.calls([("schedule_task", call)]), OllamaScript.answer(["Done."]),
        ])
        _ = try await fixture.client.chat([.user("Remind me tomorrow at 9 to call Dana.")])
        let tasks = try await fixture.store.store.tasks(userID: "alice")
        #expect(tasks.map(\.dueAt) == [try Date("2026-11-27T09:00:00Z", strategy: .iso8601)])
        let result = try #require(fixture.messages(1).last?["content"] as? String)
        #expect(result.contains("from the user's words \"tomorrow at 9\"; due_date 2026-05-01T09:00:00+02:00 did not match them"))

        let missing = try await ClientFixture([
            OllamaScript.calls([("schedule_task", #"{"task_description":"Water the bonsai"}"#)]),
            OllamaScript.answer(["Done."]),
        ])
        _ = try await missing.client.chat([.user("Remind me to water the bonsai at 6pm.")])
        #expect(
            try await missing.store.store.tasks(userID: "alice").map(\.dueAt) == [
                try Date("2026-11-26T18:00:00Z", strategy: .iso8601)
            ])
    }
}
