import Foundation
import MemLayerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `memlayer chat` at a terminal: the line editor, history, `"""` messages, the `/` commands and
/// Ctrl-C, driven through a pseudo-terminal with the bytes real keys send.
@Suite("memlayer chat on a terminal", .serialized)
struct CLIChatTerminalTests {
    static let up = "\u{1B}[A"
    static let left = "\u{1B}[D"
    static let ctrlLeft = "\u{1B}[1;5D"
    static let home = "\u{1B}[H"
    static let end = "\u{1B}[F"

    /// A loopback Ollama whose chat answers come from `answer(request number)`.
    private func ollama(_ answer: @escaping @Sendable (Int) -> ScriptedResponse) throws -> LoopbackHTTPServer {
        let calls = ScriptedOllama.Counter()
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/chat" else { return .json(#"{"error":"not found"}"#, status: 404) }
            return answer(calls.next())
        }
        _ = try server.start()
        return server
    }

    private func chat(_ cli: CLIRunner, _ server: LoopbackHTTPServer, _ extra: [String] = ["--no-wait"]) throws
        -> TerminalSession
    {
        try TerminalSession(
            arguments: [
                "chat", "--base-url", server.baseURL.absoluteString, "--embedder", "hash", "--store", cli.store,
            ]
                + extra,
            directory: cli.directory)
    }

    private func roles(_ request: RecordedRequest?) -> [String] {
        let messages = (request?.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]]
        return messages?.compactMap { $0["role"] as? String } ?? []
    }

    @Test("editing keys change the line the model receives, UTF-8 characters moving as one")
    func editingKeys() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ollama { _ in ScriptedOllama.reply("Noted.") }
        defer { server.stop() }
        let terminal = try chat(cli, server)
        let lines = [
            // Backspace, Ctrl-W (delete word), Ctrl-A (start), Ctrl-E (end).
            "Hellp\u{7F}o wrold\u{17}world\u{1}Say: \u{5}!\r",
            // Left over an emoji and a space, then insert.
            "naïve 👋" + Self.left + Self.left + "!\r",
            // Ctrl-U (delete to start), Ctrl-Left by words, Ctrl-K (delete to end), Home, End.
            "junk\u{15}one two three" + Self.ctrlLeft + Self.ctrlLeft + "\u{B}" + Self.home + ">" + Self.end + "<\r",
        ]
        for line in lines {
            #expect(terminal.answerPrompt(line))
            #expect(terminal.expect("Noted."), "\(terminal.text.debugDescription)")
        }
        #expect(terminal.answerPrompt("\u{4}"))
        #expect(terminal.waitForExit() == 0)
        #expect(server.requests.map(ScriptedOllama.userText) == ["Say: Hello world!", "naïve! 👋", ">one <"])
        // On a terminal the answer and the prompt are drawn; no raw escape code reached the model.
        #expect(!server.requests.map(ScriptedOllama.userText).joined().contains("\u{1B}"))
    }

    @Test("history is kept per store beside it (mode 0600, not in the store) and recalled with ↑")
    func history() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ollama { _ in ScriptedOllama.reply("Noted.") }
        defer { server.stop() }

        let first = try chat(cli, server)
        #expect(first.answerPrompt("what is the first question?\r"))
        #expect(first.expect("Noted."))
        #expect(first.answerPrompt("/help\r"))
        #expect(first.expect("/clear"))
        #expect(first.answerPrompt("/bye\r"))
        #expect(first.waitForExit() == 0)
        #expect(server.requestCount == 1)  // /help and /bye never reach the model

        let path = cli.store + ".history"
        let history = try String(contentsOfFile: path, encoding: .utf8)
        #expect(history == "what is the first question?\n/help\n/bye\n")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        for file in [cli.store, cli.store + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data("/help".utf8)) == nil, "\(file) holds the typed command")
        }

        let second = try chat(cli, server)
        #expect(second.answerPrompt(Self.up + Self.up + Self.up + "\r"))
        #expect(second.expect("Noted."))
        #expect(second.answerPrompt("\u{10}\r"))  // Ctrl-P: the line just entered, which is not stored twice
        #expect(second.expect("Noted."))
        #expect(second.answerPrompt("\u{4}"))
        #expect(second.waitForExit() == 0)
        #expect(server.requests.map(ScriptedOllama.userText) == ["what is the first question?"] * 3)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == history + "what is the first question?\n")
    }

    @Test("a message between \"\"\" lines keeps its lines; /clear empties the context; unknown commands stay local")
    func multiLineAndCommands() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ollama { _ in ScriptedOllama.reply("Noted.") }
        defer { server.stop() }
        let terminal = try chat(cli, server)
        #expect(terminal.answerPrompt("\"\"\"\r"))
        #expect(terminal.answerPrompt("line one\r", prompt: "... "))
        #expect(terminal.answerPrompt("  line two\"\"\"\r", prompt: "... "))
        #expect(terminal.expect("Noted."))
        #expect(terminal.answerPrompt("/clear\r"))
        #expect(terminal.expect("Cleared the conversation"))
        #expect(terminal.answerPrompt("/nope\r"))
        #expect(terminal.expect("Unknown command '/nope'"))
        #expect(terminal.answerPrompt("after clearing\r"))
        #expect(terminal.expect("Noted."))
        #expect(terminal.answerPrompt("\u{4}"))
        #expect(terminal.waitForExit() == 0)
        #expect(server.requests.map(ScriptedOllama.userText) == ["line one\n  line two", "after clearing"])
        #expect(roles(server.requests.last) == ["system", "user"])
    }

    @Test("Ctrl-C stops an answer and returns to the prompt; the stopped turn is neither kept nor queued")
    func interruptAnswer() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let stalled = LoopbackGate()
        defer { stalled.open() }
        let server = try ollama { call in
            guard call == 0 else { return ScriptedOllama.reply("Second answer.") }
            let parts = [
                #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":"Once upon a time"},"done":false}"#
                    + "\n",
                #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.20Z","message":{"role":"assistant","content":" never told"},"done":true,"done_reason":"stop"}"#
                    + "\n",
            ]
            return .stream(
                [ScriptedResponse.Part(parts[0]), ScriptedResponse.Part(parts[1], gate: stalled)],
                contentType: "application/x-ndjson")
        }
        defer { server.stop() }
        let terminal = try chat(cli, server)
        #expect(terminal.answerPrompt("\u{3}"))  // Ctrl-C at an empty prompt: a hint, not an exit
        #expect(terminal.expect("Use Ctrl + d or /bye to exit."))
        #expect(terminal.answerPrompt("tell me a story\r"))
        #expect(terminal.expect("Once upon a time"))
        terminal.send("\u{3}")
        #expect(terminal.answerPrompt("again\r"), "\(terminal.text.debugDescription)")
        #expect(terminal.expect("Second answer."))
        #expect(terminal.answerPrompt("\u{4}"))
        #expect(terminal.waitForExit() == 0)
        #expect(!terminal.text.contains("never told"))
        #expect(server.requests.map(ScriptedOllama.userText) == ["tell me a story", "again"])
        #expect(roles(server.requests.last) == ["system", "user"])
        #expect(try cli.queuedJobs() == 1)
    }

    @Test("on a terminal a search of memory and what extraction remembered are shown dimly")
    func memoryNotes() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server(
            chat: "Hello!",
            extraction: { _, _ in CLIExtractionTests.facts("User's name is Ada.") })
        defer { server.stop() }
        #expect(try cli.run(["remember", "The user likes tea", "--embedder", "hash"]).status == 0)
        let searching = LoopbackHTTPServer { request in
            guard !ScriptedOllama.isExtraction(request) else { return CLIExtractionTests.facts("User's name is Ada.") }
            let messages = ((request.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]]) ?? []
            guard messages.last?["role"] as? String == "user" else { return ScriptedOllama.reply("You like tea.") }
            let call =
                #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"search_memory","arguments":{"query":"what the user likes"}}}]},"done":false}"#
                + "\n"
                + #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#
                + "\n"
            return .stream([ScriptedResponse.Part(call)], contentType: "application/x-ndjson")
        }
        _ = try searching.start()
        defer { searching.stop() }
        let terminal = try chat(cli, searching, [])
        #expect(terminal.answerPrompt("My name is Ada. What do I like?\r"))
        #expect(terminal.expect("You like tea."))
        #expect(
            terminal.expect("\u{1B}[2m· searched memory for \"what the user likes\"\u{1B}[0m"),
            "\(terminal.text.debugDescription)")
        #expect(
            terminal.expect("\u{1B}[2m· remembered: User's name is Ada.\u{1B}[0m"), "\(terminal.text.debugDescription)")
        #expect(terminal.answerPrompt("\u{4}"))
        #expect(terminal.waitForExit() == 0)
    }

    @Test("piped input: one message per line, with the same commands, and no terminal codes")
    func pipedInput() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ollama { _ in ScriptedOllama.reply("Noted.") }
        defer { server.stop() }
        let result = try cli.run(
            ["chat", "--base-url", server.baseURL.absoluteString, "--embedder", "hash", "--no-wait"],
            input: "/help\nfirst\n/clear\n\"\"\"\ntwo\nlines\"\"\"\n/bye\nnever sent\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Commands:"))
        #expect(result.stdout.hasSuffix("Cleared the conversation (memory is kept).\nNoted.\n"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(server.requests.map(ScriptedOllama.userText) == ["first", "two\nlines"])
        #expect(roles(server.requests.last) == ["system", "user"])
        #expect(!FileManager.default.fileExists(atPath: cli.store + ".history"))
    }
}

extension Array {
    fileprivate static func * (element: [Element], count: Int) -> [Element] {
        Array((0..<count).flatMap { _ in element })
    }
}
