import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("MemoryClient chat loop")
struct MemoryClientTests {
    @Test("a plain answer streams in chunks; the turn is queued once the answer is complete")
    func plainAnswer() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Hello", ", Ali", "ce!"])])
        var chunks: [String] = []
        for try await chunk in fixture.client.stream([.user("Hi, I'm Alice")]) { chunks.append(chunk) }
        #expect(chunks == ["Hello", ", Ali", "ce!"])
        let jobs = try await fixture.queued()
        #expect(jobs.count == 1)
        var queued = try #require(jobs.first?.turn)
        let kept = try #require(queued.keptMemoryID)
        queued.keptMemoryID = nil
        #expect(queued == ConversationTurn(user: "Hi, I'm Alice", assistant: "Hello, Alice!", at: ClientFixture.now))
        // Kept word for word in the same transaction, as a turn of this conversation.
        let memory = try #require(try await fixture.store.store.memories(userID: "alice").first { $0.id == kept })
        #expect(memory.kind == .turn)
        #expect(memory.text == "User: Hi, I'm Alice\nAssistant: Hello, Alice!")
        #expect(memory.createdAt == ClientFixture.now)
        let system = try #require(fixture.messages(0).first)
        #expect(system["role"] as? String == "system")
        let prompt = system["content"] as? String ?? ""
        #expect(prompt.contains("Thursday, 26 November 2026, 10:30") && prompt.contains("UTC+00:00"), "\(prompt)")
        #expect((fixture.request(0)["tools"] as? [[String: Any]])?.count == 2)
        let trace = await fixture.client.lastTrace
        #expect(trace.timeToFirstToken != nil && trace.events.contains { $0.name == "queue" })
    }

    @Test("search_memory runs mid-turn; its result goes back; only the final answer is the turn")
    func toolRound() async throws {
        let fixture = try await ClientFixture([
            OllamaScript.calls(
                [("search_memory", #"{"query":"where does the user work","search_tier":"fast"}"#)],
                text: "Let me check."),
            OllamaScript.answer(["You work at ", "Acme Corp."]),
        ])
        try await fixture.store.engine.remember("I work at Acme Corp as an engineer", userID: "alice")
        try await fixture.store.engine.remember("Bob's secret: works at Initech", userID: "bob")
        let answer = try await fixture.client.chat([.user("Where do I work?")])
        #expect(answer == "Let me check.You work at Acme Corp.")
        let second = fixture.messages(1)
        let toolMessage = try #require(second.last)
        #expect(toolMessage["role"] as? String == "tool")
        #expect(toolMessage["tool_name"] as? String == "search_memory")
        let result = toolMessage["content"] as? String ?? ""
        #expect(result.contains("I work at Acme Corp as an engineer") && !result.contains("Initech"))
        #expect(second.first { $0["role"] as? String == "assistant" }?["tool_calls"] != nil)
        #expect(try await fixture.queued().first?.turn.assistant == "You work at Acme Corp.")
        let names = await fixture.client.lastTrace.events.map(\.name)
        #expect(["tool", "embed", "vector", "format"].allSatisfy(names.contains))
    }

    @Test("two tool rounds, several calls in one round, then the answer")
    func twoRounds() async throws {
        let fixture = try await ClientFixture([
            OllamaScript.calls([("search_memory", #"{"query":"sister"}"#), ("search_memory", #"{"query":"city"}"#)]),
            OllamaScript.calls([
                ("schedule_task", #"{"task_description":"Call Dana","due_date":"2026-11-27T09:00:00Z"}"#)
            ]),
            OllamaScript.answer(["Done: I'll remind you to call Dana tomorrow at 9."]),
        ])
        let answer = try await fixture.client.chat([.user("Remind me to call my sister tomorrow at 9")])
        #expect(answer == "Done: I'll remind you to call Dana tomorrow at 9.")
        #expect(fixture.server.requestCount == 3)
        #expect(fixture.messages(1).filter { $0["role"] as? String == "tool" }.count == 2)
        let tasks = try await fixture.store.store.tasks(userID: "alice")
        #expect(tasks.map(\.description) == ["Call Dana"])
        #expect(tasks.first?.dueAt == Date(timeIntervalSince1970: 1_795_770_000))
    }

    @Test("a tool call written as fenced JSON text is run and never shown")
    func toolCallAsText() async throws {
        let fixture = try await ClientFixture([
            OllamaScript.answer([
                "```json\n{\"name\": \"search_memory\", ", "\"arguments\": {\"query\": \"pets\"}}\n```",
            ]),
            OllamaScript.answer(["You have a dog called Biscuit."]),
        ])
        try await fixture.store.engine.remember("I have a dog called Biscuit", userID: "alice")
        var shown = ""
        for try await chunk in fixture.client.stream([.user("Do I have pets?")]) { shown += chunk }
        #expect(shown == "You have a dog called Biscuit.")
        let tool = try #require(fixture.messages(1).last)
        #expect((tool["content"] as? String)?.contains("Biscuit") == true)
    }

    @Test("JSON that is not a tool call is shown as it is")
    func jsonAnswer() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["{\"colour\": ", "\"blue\"}"])])
        #expect(try await fixture.client.chat([.user("Answer in JSON")]) == "{\"colour\": \"blue\"}")
    }

    @Test("unknown tools and bad arguments get error results the model can read")
    func badToolCalls() async throws {
        let fixture = try await ClientFixture([
            OllamaScript.calls([
                ("get_weather", #"{"city":"Oslo"}"#), ("schedule_task", #"{"task_description":"x","due_date":"soon"}"#),
                ("search_memory", #"{"search_tier":"fast"}"#),
            ]),
            OllamaScript.answer(["Sorry, I could not do that."]),
        ])
        #expect(
            try await fixture.client.chat([.user("Weather? And remind me to take an umbrella.")])
                == "Sorry, I could not do that.")
        let results = fixture.messages(1).filter { $0["role"] as? String == "tool" }.compactMap {
            $0["content"] as? String
        }
        #expect(results.count == 3)
        #expect(results[0].contains("no tool named get_weather"))
        #expect(results[1].contains("ISO-8601"))
        #expect(results[2].contains("query"))
        #expect(try await fixture.store.store.tasks(userID: "alice").isEmpty)
    }

    @Test("tool rounds are bounded: the last request offers no tools")
    func boundedRounds() async throws {
        let rounds = (1...4).map { OllamaScript.calls([("search_memory", #"{"query":"again \#($0)"}"#)]) }
        let stubborn = OllamaScript.calls([("search_memory", #"{"query":"more"}"#)], text: "Giving up.")
        let fixture = try await ClientFixture(rounds + [stubborn])
        #expect(try await fixture.client.chat([.user("Loop forever")]) == "Giving up.")
        #expect(fixture.server.requestCount == 5)
        #expect(fixture.request(4)["tools"] == nil)
        let trace = await fixture.client.lastTrace
        #expect(trace.events.contains { $0.name == "final_answer" && $0.detail.contains("4 tool rounds") })
        #expect(trace.events.contains { $0.name == "ignored_calls" })
    }

    @Test("a call already answered in the turn is not run again; the model is then asked to answer without tools")
    func repeatedCall() async throws {
        let call = OllamaScript.calls([("schedule_task", #"{"task_description":"Call Dana","due_date":"2026-11-27T09:00:00Z"}"#)])
        let fixture = try await ClientFixture([call, call, OllamaScript.answer(["Done: Dana, tomorrow at 9."])])
        #expect(try await fixture.client.chat([.user("Remind me to call Dana tomorrow at 9")]) == "Done: Dana, tomorrow at 9.")
        #expect(fixture.server.requestCount == 3)
        #expect(fixture.request(2)["tools"] == nil)
        #expect(try await fixture.store.store.tasks(userID: "alice").count == 1)
        let second = fixture.messages(2).filter { $0["role"] as? String == "tool" }.compactMap { $0["content"] as? String }
        #expect(second.count == 2)
        #expect(second[1].hasPrefix("(already answered in this turn)"))
        #expect(await fixture.client.lastTrace.events.contains { $0.name == "repeat_call" })
    }

    @Test("a model without tools gets memory up front, and is not offered tools again")
    func toolsUnsupported() async throws {
        let refusal = ScriptedResponse.json(
            #"{"error":"registry.ollama.ai/library/gemma:2b does not support tools"}"#, status: 400)
        let fixture = try await ClientFixture([refusal, OllamaScript.answer(["You live in Lisbon."])])
        try await fixture.store.engine.remember("I live in Lisbon", userID: "alice")
        #expect(try await fixture.client.chat([.user("Where do I live?")]) == "You live in Lisbon.")
        let prompt = fixture.messages(1).first?["content"] as? String ?? ""
        #expect(prompt.contains("I live in Lisbon"))
        #expect(fixture.request(1)["tools"] == nil)
        #expect(await fixture.client.toolsSupported == false)
    }

    @Test("a consumer that stops early queues nothing")
    func earlyStop() async throws {
        let gate = LoopbackGate()
        let fixture = try await ClientFixture([
            OllamaScript.stream(
                [OllamaScript.line(content: "First"), OllamaScript.line(content: " second"), OllamaScript.done],
                gate: gate)
        ])
        for try await chunk in fixture.client.stream([.user("Tell me a story")]) {
            #expect(chunk == "First")
            break
        }
        // The gate stays shut until the server has seen the client leave, so the rest of the answer
        // can never be delivered first.
        #expect(await fixture.server.waitUntil(timeout: .seconds(5)) { $0.clientDisconnects >= 1 })
        gate.open()
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await fixture.queued().isEmpty)
    }

    @Test("due reminders go into the system prompt and are marked notified after the answer")
    func reminders() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Reminder: water the plants."])])
        let store = fixture.store.store
        let due = try await store.addTask(
            "Water the plants", dueAt: ClientFixture.now.addingTimeInterval(-60), userID: "alice")
        let later = try await store.addTask(
            "Pay rent", dueAt: ClientFixture.now.addingTimeInterval(86_400), userID: "alice")
        _ = try await fixture.client.chat([.user("Good morning")])
        let prompt = fixture.messages(0).first?["content"] as? String ?? ""
        #expect(prompt.contains("Water the plants") && !prompt.contains("Pay rent"))
        let statuses = try await store.tasks(userID: "alice").reduce(into: [Int64: ScheduledTask.Status]()) {
            $0[$1.id] = $1.status
        }
        #expect(statuses[due.id] == .notified && statuses[later.id] == .pending)
    }

    @Test("the whole conversation is sent, and the caller's system messages are kept")
    func fullConversation() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Blue."])])
        let conversation: [ChatMessage] = [
            .system("Answer in one word."), .user("I like blue."), .assistant("Noted."),
            .user("What colour do I like?"),
        ]
        _ = try await fixture.client.chat(conversation)
        let sent = fixture.messages(0)
        #expect(sent.map { $0["role"] as? String ?? "" } == ["system", "user", "assistant", "user"])
        #expect((sent[0]["content"] as? String)?.contains("Answer in one word.") == true)
        #expect(try await fixture.queued().first?.turn.user == "What colour do I like?")
    }

    @Test("a provider failure is an error and queues nothing")
    func providerFailure() async throws {
        let fixture = try await ClientFixture([
            ScriptedResponse.json(#"{"error":"model 'llama3.2' not found"}"#, status: 404)
        ])
        let error = await #expect(throws: ProviderError.self) { _ = try await fixture.client.chat([.user("Hi")]) }
        #expect(error?.kind == .modelNotFound)
        #expect(error?.message.contains("ollama pull") == true)
        #expect(try await fixture.queued().isEmpty)
    }
}
