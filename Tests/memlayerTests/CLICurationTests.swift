import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// `memlayer curate`, `tasks`, `graph`, `answer` and `forget`'s cascade, run as a user would,
/// on stores prepared in-process where a test needs dates or graph edges the CLI cannot write.
@Suite("memlayer curate, tasks, graph and answer", .serialized)
struct CLICurationTests {
    /// 1 January 2020: long enough ago for anything unimportant to have faded.
    static let longAgo = Date(timeIntervalSince1970: 1_577_836_800)
    let hash = ["--embedder", "hash"]

    /// Opens the CLI's store in-process with the hashing embedder (as `--embedder hash` does),
    /// runs `body`, and closes it before the binary runs again.
    private func withStore(_ cli: CLIRunner, _ body: (MemoryEngine) async throws -> Void) async throws {
        let engine = try await MemoryEngine(store: SQLiteMemoryStore(location: .file(cli.store)), embedder: HashingEmbedder())
        try await body(engine)
        await engine.store.close()
    }

    private func add(
        _ engine: MemoryEngine, _ text: String, id: String, user: String = "alice", importance: Double = 0.5,
        expiresAt: Date? = nil
    ) async throws {
        let item = NewMemory(
            text: text, id: id, importance: importance, createdAt: Self.longAgo, expiresAt: expiresAt,
            embedding: try await engine.embedder.embed([text])[0])
        try await engine.store.insert([item], userID: user, now: Self.longAgo)
    }

    private func link(
        _ engine: MemoryEngine, _ s: String, _ p: String, _ o: String, source: String?, user: String = "alice"
    )
        async throws
    {
        // Edges without a fact: a SQLite-only call, made on the store under the engine.
        let store = try #require(engine.store as? SQLiteMemoryStore)
        try await store.addRelationship(
            subject: (s, "person"), predicate: p, object: (o, "thing"), sourceMemoryID: source, userID: user)
    }

    @Test("curate --dry-run reports and changes nothing; curate archives, deletes and cascades, per user")
    func curate() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await withStore(cli) { engine in
            try await add(engine, "Boarding at gate 14", id: "gate", expiresAt: Self.longAgo.addingTimeInterval(86_400))
            try await add(engine, "I had a sandwich for lunch", id: "lunch", importance: 0.1)
            try await add(engine, "I work at Acme", id: "work", importance: 0.95)
            try await add(engine, "Bob had soup", id: "soup", user: "bob", importance: 0.1)
            try await link(engine, "Alice", "ate", "sandwich", source: "lunch")
            try await link(engine, "Alice", "works at", "Acme", source: "work")
        }
        let summary = """
            user alice: 1 deleted (expired), 1 archived (decayed), 0 turns archived (old), 1 graph edge and 1 entity removed
            deleted: gate
            archived: lunch
            edge removed: Alice —ate→ sandwich
            entity removed: sandwich

            """
        let dry = try cli.run(["curate", "--dry-run", "--user", "alice"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "dry run: nothing was changed; a real pass would do this\n" + summary)
        #expect(try cli.run(["stats", "--user", "alice", "--json"]).stdout.contains("\"active_memories\" : 3"))

        let real = try cli.run(["curate", "--user", "alice"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stdout == summary)
        let stats = try cli.run(["stats", "--user", "alice", "--json"]).stdout
        #expect(stats.contains("\"active_memories\" : 1") && stats.contains("\"archived_memories\" : 1"), "\(stats)")
        let search = try cli.run(["search", "I had a sandwich for lunch", "--user", "alice", "--json"] + hash)
        let texts = try #require(CLIRunner.hits(search.stdout), "\(search.stdout)").compactMap { $0["text"] as? String }
        #expect(!texts.contains { $0.contains("sandwich") }, "\(search.stdout)")
        #expect(try cli.run(["graph", "--user", "alice"]).stdout.contains("Alice —works_at→ Acme"))
        #expect(try cli.run(["curate", "--user", "alice"]).stdout == "user alice: nothing to curate\n")

        let everyone = try cli.run(["curate", "--all-users", "--json"])
        let curated = try JSONSerialization.jsonObject(with: Data(everyone.stdout.utf8)) as? [String: Any]
        #expect(curated?["dry_run"] as? Bool == false)
        let reports = try #require(curated?["reports"] as? [[String: Any]])
        #expect(reports.map { $0["user"] as? String } == ["alice", "bob"])
        #expect(reports.last?["archived"] as? [String] == ["soup"])
    }

    @Test("tasks lists the user's open tasks, --done marks one, --all shows done ones; others' stay out")
    func tasks() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        var ids: [Int64] = []
        try await withStore(cli) { engine in
            let store = engine.store
            ids.append(try await store.addTask("Renew passport", dueAt: Self.longAgo, userID: "alice").id)
            ids.append(
                try await store.addTask("Call Dana", dueAt: Date(timeIntervalSince1970: 4_102_477_200), userID: "alice")
                    .id)
            ids.append(try await store.addTask("Bob's dentist", dueAt: nil, userID: "bob").id)
            try await store.setTaskStatus(.notified, ids: [ids[0]], userID: "alice")
        }
        let utc = ["TZ": "UTC"]
        let list = try cli.run(["tasks", "--user", "alice"], environment: utc)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(
            list.stdout == """
                \(ids[0])  notified  due 2020-01-01 00:00 +00:00 (overdue)  Renew passport
                \(ids[1])  pending   due 2100-01-01 09:00 +00:00  Call Dana

                """)
        let done = try cli.run(["tasks", "--done", "\(ids[0])", "--user", "alice"])
        #expect(done.status == 0 && done.stdout == "done: task \(ids[0]) — Renew passport\n", "\(done.stderr)")
        #expect(try cli.run(["tasks", "--user", "alice"], environment: utc).stdout.split(separator: "\n").count == 1)
        let all = try cli.run(["tasks", "--all", "--user", "alice", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any]
        let objects = try #require(listed?["tasks"] as? [[String: Any]])
        #expect(objects.map { $0["status"] as? String } == ["done", "pending"])
        #expect(objects.first?["due_at"] as? String == "2020-01-01T00:00:00Z")

        let foreign = try cli.run(["tasks", "--done", "\(ids[2])", "--user", "alice"])
        #expect(foreign.status != 0 && foreign.stderr.contains("no task with id \(ids[2]) for user alice"))
        #expect(try cli.run(["tasks", "--user", "bob"]).stdout.hasSuffix("pending   no due date  Bob's dentist\n"))
        #expect(try cli.run(["tasks", "--user", "carol"]).stdout == "no open tasks for user carol\n")
    }

    @Test("graph prints the user's entities and edges, or those around one entity; never another user's")
    func graph() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await withStore(cli) { engine in
            try await link(engine, "Dana", "works at", "Acme", source: nil)
            try await link(engine, "dana", "lives in", "Porto", source: nil)
            try await link(engine, "Acme", "located in", "Berlin", source: nil)
            try await link(engine, "Mallory", "spies on", "Dana", source: nil, user: "mallory")
        }
        let all = try cli.run(["graph", "--user", "alice"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(
            all.stdout == """
                entities (4):
                  Acme (thing)
                  Berlin (thing)
                  Dana (person, also dana)
                  Porto (thing)
                relationships (3):
                  Acme —located_in→ Berlin
                  Dana —lives_in→ Porto
                  Dana —works_at→ Acme

                """)
        let around = try cli.run(["graph", "DANA", "--user", "alice"])
        #expect(
            around.stdout.hasSuffix("relationships (2):\n  Dana —lives_in→ Porto\n  Dana —works_at→ Acme\n"),
            "\(around.stdout)")
        #expect(!around.stdout.contains("Berlin"))
        let twoHops = try cli.run(["graph", "Dana", "--hops", "2", "--user", "alice"])
        #expect(twoHops.stdout.contains("Acme —located_in→ Berlin"))

        let json = try cli.run(["graph", "--json", "--user", "alice"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let edges = try #require(object["relationships"] as? [[String: String]])
        #expect(edges.first == ["subject": "Acme", "predicate": "located_in", "object": "Berlin"])
        #expect((object["entities"] as? [Any])?.count == 4)
        #expect(!json.stdout.contains("Mallory"))

        let unknown = try cli.run(["graph", "Mallory", "--user", "alice"])
        #expect(unknown.status != 0 && unknown.stderr.contains("user alice has no entity named 'Mallory'"))
        #expect(try cli.run(["graph", "--user", "nobody"]).stdout == "no entities or relationships for user nobody\n")
    }

    @Test("forget removes the graph edges that came only from the memory")
    func forgetCascade() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let remembered = try cli.run(["remember", "My sister Dana lives in Porto"] + hash)
        let id = String(remembered.stdout.dropFirst("remembered ".count).dropLast())
        try await withStore(cli) { engine in
            try await link(engine, "Dana", "lives in", "Porto", source: id, user: "default")
            try await link(engine, "Dana", "likes", "jazz", source: nil, user: "default")
        }
        let forgot = try cli.run(["forget", id])
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout == "forgot \(id)\nremoved graph edge that came only from it: Dana —lives_in→ Porto\n")
        #expect(try cli.run(["graph"]).stdout.hasSuffix("relationships (1):\n  Dana —likes→ jazz\n"))
    }

    /// A loopback Ollama answering every `/api/chat` with `text`.
    private func ollama(_ text: String) throws -> LoopbackHTTPServer {
        let lines = [
            #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":"\#(text)"},"done":false}"#,
            #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#,
        ]
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/chat" else { return .json(#"{"error":"not found"}"#, status: 404) }
            return .stream(lines.map { ScriptedResponse.Part($0 + "\n") }, contentType: "application/x-ndjson")
        }
        _ = try server.start()
        return server
    }

    @Test("answer asks the model once with the memories and graph facts found, or says memory has nothing")
    func answer() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ollama("Dana lives in Porto.")
        defer { server.stop() }
        let remembered = try cli.run(["remember", "My sister Dana lives in Porto", "--user", "alice"] + hash)
        let id = String(remembered.stdout.dropFirst("remembered ".count).dropLast())
        try await withStore(cli) { engine in
            try await link(engine, "Dana", "lives in", "Porto", source: id)
            try await link(engine, "Dana", "lives in", "Oslo", source: nil, user: "bob")
        }
        let base = ["--base-url", server.baseURL.absoluteString] + hash
        let result = try cli.run(["answer", "Where does my sister Dana live?", "--user", "alice"] + base)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Dana lives in Porto.\n")
        #expect(server.requestCount == 1)
        let body = try #require(server.requests.first?.jsonBody() as? [String: Any])
        let messages = try #require(body["messages"] as? [[String: Any]])
        let system = messages.first?["content"] as? String ?? ""
        #expect(
            system.contains("id \(id)) My sister Dana lives in Porto") && system.contains("- Dana —lives_in→ Porto"))
        #expect(!system.contains("Oslo"))

        let json = try cli.run(["answer", "Where does my sister Dana live?", "--user", "alice", "--json"] + base)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["consulted_model"] as? Bool == true)
        #expect((object["memories"] as? [[String: Any]])?.first?["id"] as? String == id)

        let nothing = try cli.run(["answer", "Where does my sister Dana live?", "--user", "carol"] + base)
        #expect(nothing.status == 0, "\(nothing.stderr)")
        #expect(nothing.stdout == "I don't have that in memory.\n")
        #expect(server.requestCount == 2)  // the model was not asked for carol
    }
}
