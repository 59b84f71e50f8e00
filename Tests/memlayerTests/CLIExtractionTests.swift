import Foundation
import MemLayerTesting
import Testing

/// `ask`, `remember`, `ingest` and `extract` with a scripted Ollama doing the extraction.
@Suite("memlayer extraction commands", .serialized)
struct CLIExtractionTests {
    static func facts(_ texts: String...) -> ScriptedResponse {
        let list = texts.map { #"{"text": "\#($0)", "importance": 0.7}"# }.joined(separator: ", ")
        return ScriptedOllama.reply(#"{"facts": [\#(list)], "entities": [{"name": "Ada", "type": "person"}]}"#)
    }

    private func texts(_ cli: CLIRunner, user: String = "default") throws -> [String] {
        try cli.exported(user: user).filter { $0["kind"] as? String != "turn" }.compactMap { $0["text"] as? String }
    }

    @Test("ask waits for the turn's extraction; --no-wait leaves it queued for extract")
    func askWaits() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server { _, _ in Self.facts("User's name is Ada.") }
        defer { server.stop() }
        let base = ["--base-url", server.baseURL.absoluteString, "--embedder", "hash"]

        let asked = try cli.run(["ask", "My name is Ada"] + base)
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout == "Hello!\n" && asked.stderr.isEmpty)
        #expect(try texts(cli) == ["User's name is Ada."])
        #expect(try cli.queuedJobs() == 0)
        #expect(server.requests.map(ScriptedOllama.isExtraction) == [false, true])

        let later = try cli.run(["ask", "I have a dog called Biscuit", "--no-wait"] + base)
        #expect(later.status == 0 && server.requestCount == 3)
        #expect(try cli.queuedJobs() == 1)
        let extracted = try cli.run(["extract"] + base)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(
            extracted.stdout
                == "extracted 1 job: 0 facts added, 1 updated, 0 entities, 0 relationships, 0 tasks; "
                + "left out as unsupported by the text: 0 facts, 1 entities, 0 relationships, 0 tasks; 0 left in the queue\n"
        )
        #expect(try cli.queuedJobs() == 0)
    }

    @Test("ask with an extraction model the server does not have says which, and to pass --model")
    func askModelMissing() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server { _, _ in
            .json(#"{"error":"model \"llama3.2\" not found, try pulling it first"}"#, status: 404)
        }
        defer { server.stop() }
        let asked = try cli.run([
            "ask", "My name is Ada", "--base-url", server.baseURL.absoluteString, "--embedder", "hash",
        ])
        #expect(asked.status == 0 && asked.stdout == "Hello!\n", "\(asked.stderr)")
        #expect(
            asked.stderr.contains("\"llama3.2\" does not exist on Ollama") && asked.stderr.contains("--model"),
            "\(asked.stderr)")
        #expect(server.requests.filter(ScriptedOllama.isExtraction).count == 1)
        #expect(try cli.queuedJobs() == 1)
    }

    @Test("extract with the model down exits non-zero and keeps every job")
    func extractOffline() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let server = try ScriptedOllama.server { _, _ in Self.facts("unused") }
        defer { server.stop() }
        // Personal facts: the default salience gate lets them through to the (unreachable) model.
        for text in ["My sister Dana lives in Porto", "I am allergic to peanuts"] {
            _ = try cli.run([
                "ask", text, "--no-wait", "--base-url", server.baseURL.absoluteString, "--embedder", "hash",
            ])
        }
        let result = try cli.run(["extract", "--base-url", refusing.url().absoluteString, "--embedder", "hash"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("2 jobs stay queued") && result.stderr.contains("ollama serve"), "\(result.stderr)")
        #expect(try cli.queuedJobs() == 2)
    }

    @Test("remember extracts with the model, stores as written with --raw, and falls back to as written offline")
    func remember() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server { text, _ in
            #expect(text == "The user asked you to remember this:\nI'm allergic to peanuts")
            return Self.facts("User is allergic to peanuts.")
        }
        defer { server.stop() }
        let extracted = try cli.run(
            ["remember", "I'm allergic to peanuts", "--base-url", server.baseURL.absoluteString, "--embedder", "hash"])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(
            extracted.stdout.hasPrefix("remembered ") && extracted.stdout.hasSuffix(": User is allergic to peanuts.\n"))
        #expect(extracted.stderr.isEmpty)

        let raw = try cli.run(
            [
                "remember", "Locker code 4512", "--raw", "--base-url", server.baseURL.absoluteString, "--embedder",
                "hash",
            ])
        #expect(raw.status == 0 && server.requestCount == 1)

        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let offline = try cli.run(
            ["remember", "Gym on Tuesdays", "--importance", "0.8", "--embedder", "hash"],
            environment: ["OLLAMA_HOST": "127.0.0.1:\(refusing.port)"])
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stdout.range(of: #"^remembered [0-9a-f-]{36}\n$"#, options: .regularExpression) != nil)
        #expect(offline.stderr.contains("stored as written") && offline.stderr.contains("ollama serve"))

        let memories = try cli.exported()
        #expect(
            memories.compactMap { $0["text"] as? String }
                == ["User is allergic to peanuts.", "Locker code 4512", "Gym on Tuesdays"])
        #expect(memories.last?["importance"] as? Double == 0.8 && memories.last?["kind"] as? String == "fact")
        #expect(try cli.queuedJobs() == 0)
    }

    @Test("ingest extracts every chunk of a file, --raw stores the chunks, offline stores them as written")
    func ingest() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server { text, _ in
            let section = text.components(separatedBy: "Section ").dropFirst().first?.prefix { $0.isNumber } ?? "?"
            return Self.facts("The handbook's section \(section) covers leave.")
        }
        defer { server.stop() }
        let body = (1...3).map { "Section \($0). " + String(repeating: "Leave policy details. ", count: 40) }
        let file = try cli.file("handbook.txt", body.joined(separator: "\n\n"))

        let result = try cli.run(["ingest", file, "--base-url", server.baseURL.absoluteString, "--embedder", "hash"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "ingested handbook.txt: 3 jobs: 3 facts added, 0 updated, 0 entities, 0 relationships, 0 tasks; "
                + "left out as unsupported by the text: 0 facts, 3 entities, 0 relationships, 0 tasks\n")
        #expect(try texts(cli) == (1...3).map { "The handbook's section \($0) covers leave." })
        #expect(try cli.exported().allSatisfy { $0["source"] as? String == "handbook.txt" })

        let raw = try cli.run(["ingest", file, "--raw", "--user", "bob", "--embedder", "hash"])
        #expect(raw.stdout == "ingested handbook.txt: 3 chunks stored as written\n")
        #expect(try cli.exported(user: "bob").allSatisfy { $0["kind"] as? String == "document" })

        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let offline = try cli.run(
            ["ingest", file, "--user", "carol", "--base-url", refusing.url().absoluteString, "--embedder", "hash"])
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stdout.hasSuffix("; 3 chunks stored as written\n"), "\(offline.stdout)")
        #expect(try cli.exported(user: "carol").map { $0["kind"] as? String } == ["document", "document", "document"])
        #expect(try cli.queuedJobs() == 0)
        #expect(try cli.run(["ingest", try cli.file("empty.txt", "  \n")]).status == 1)
    }
}
