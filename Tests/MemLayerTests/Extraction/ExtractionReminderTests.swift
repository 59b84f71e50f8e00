import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Reminders from extraction: only asked-for ones, once, never beside the one the chat's tool made.
@Suite("Extraction reminders")
struct ExtractionReminderTests {
    static let reply = """
        {"facts": [{"text": "User's sister Dana lives in Porto.", "importance": 0.9}],
         "entities": [{"name": "Dana", "type": "person"}, {"name": "Porto", "type": "place"},
                      {"name": "Search", "type": "thing"}],
         "relationships": [{"subject": "User", "predicate": "lives in", "object": "Dana"},
                           {"subject": "Dana", "predicate": "lives in", "object": "Porto"}],
         "tasks": [{"description": "Call Dana", "due_date": "2026-11-27T09:00:00Z"},
                   {"description": "Visit Porto"}]}
        """
    static let nine = ISO8601.parse("2026-11-27T09:00:00Z")!

    /// Queues `turn` for alice and drains it with a worker whose extraction model answers `reply`.
    static func extract(_ turns: [ConversationTurn], store: StoreFixture, reply: String = Self.reply) async throws
        -> [ExtractionReport]
    {
        let server = try ExtractionScript.server(extraction: [ExtractionScript.reply(reply)])
        try await store.store.enqueue(turns, userID: "alice")
        let worker = ExtractionWorker(
            engine: store.engine, provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL),
            configuration: ExtractionFixture.configuration(reports: ReportLog()))
        return await worker.drain().reports
    }

    static func summary(_ report: ExtractionReport?) -> ExtractionSummary? {
        if case .extracted(let summary)? = report?.outcome { summary } else { nil }
    }

    @Test("a turn that asks for nothing gets no task; what the text does not support is counted as dropped")
    func notAsked() async throws {
        let store = try await StoreFixture()
        let turn = ConversationTurn(
            user: "My sister Dana lives in Porto. What do you know about my job?",
            assistant: "I don't know yet where you work — I'll remind you to tell me.", at: ExtractionFixture.now)
        let reports = try await Self.extract([turn], store: store)
        #expect(try await store.store.tasks(userID: "alice").isEmpty)
        #expect(try await store.store.graphFacts(userID: "alice").map(\.description) == ["Dana —lives_in→ Porto"])
        let summary = try #require(Self.summary(reports.first))
        #expect(summary.dropped == ExtractionSummary.Dropped(entities: 1, relationships: 1, tasks: 2))
        #expect(summary.tasksAdded == 0)
    }

    @Test("an asked-for reminder is added once with its due time; the undated one is dropped")
    func asked() async throws {
        let store = try await StoreFixture()
        let turn = ConversationTurn(
            user: "My sister Dana lives in Porto. Remind me tomorrow at 9 to call Dana.", assistant: "Will do.",
            at: ExtractionFixture.now)
        let reports = try await Self.extract([turn, turn], store: store)
        let tasks = try await store.store.tasks(userID: "alice")
        #expect(tasks.map(\.description) == ["Call Dana"] && tasks.first?.dueAt == Self.nine)
        #expect(reports.compactMap(Self.summary).map(\.tasksAdded) == [1, 0])
        #expect(reports.compactMap(Self.summary).map(\.tasksAlreadyScheduled) == [0, 1])
        #expect(reports.compactMap(Self.summary).map(\.dropped.tasks) == [1, 1])
    }

    @Test("a turn whose chat already scheduled the reminder through the tool adds none")
    func scheduledByTheTurn() async throws {
        let store = try await StoreFixture()
        let tool = try await store.store.addTask(
            "Phone my sister", dueAt: Self.nine.addingTimeInterval(3_600), userID: "alice")
        let turn = ConversationTurn(
            user: "Remind me tomorrow at 9 to call Dana.", assistant: "Done — I'll remind you.",
            at: ExtractionFixture.now, scheduledTaskIDs: [tool.id])
        let reports = try await Self.extract([turn], store: store)
        #expect(try await store.store.tasks(userID: "alice").map(\.id) == [tool.id])
        let summary: ExtractionSummary = try #require(Self.summary(reports.first))
        #expect(summary.tasksAdded == 0 && summary.tasksAlreadyScheduled == 1)
    }

    @Test("a reminder due the same minute as a pending one, worded otherwise, is the same reminder")
    func sameMinute() async throws {
        let store = try await StoreFixture()
        let tool = try await store.store.addTask(
            "Phone my sister", dueAt: Self.nine.addingTimeInterval(20), userID: "alice")
        let turn = ConversationTurn(
            user: "Remind me tomorrow at 9 to call Dana.", assistant: "Sure.", at: ExtractionFixture.now)
        let reports = try await Self.extract([turn], store: store)
        #expect(try await store.store.tasks(userID: "alice").map(\.id) == [tool.id])
        #expect(Self.summary(reports.first)?.tasksAlreadyScheduled == 1)
    }

    @Test("the tool's task ids travel with the queued job; payloads written before them read as none")
    func persisted() async throws {
        let store = try await StoreFixture()
        let turn = ConversationTurn(
            user: "Remind me at 9", assistant: "Done.", at: ExtractionFixture.now, scheduledTaskIDs: [7, 9])
        let id = try await store.store.enqueue(turn, userID: "alice")
        #expect(try await store.reopen().store.queuedJob(id: id)?.turn == turn)

        let old = Data(#"{"user": "hi", "assistant": "hello", "at": 1795770000, "origin": "chat"}"#.utf8)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        #expect(try decoder.decode(ConversationTurn.self, from: old).scheduledTaskIDs == [])
    }
}
