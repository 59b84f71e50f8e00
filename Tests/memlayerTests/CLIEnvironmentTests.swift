import Foundation
import MemLayerTesting
import Testing

/// Issue 16, item 6: defaults from the environment, flags over them, and `--help` naming them.
@Suite("memlayer CLI environment defaults", .serialized)
struct CLIEnvironmentTests {
    @Test("MEMLAYER_USER picks whose memories; --user wins")
    func user() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let alice = ["MEMLAYER_USER": "alice"]
        #expect(
            try cli.run(["remember", "I keep bees", "--raw", "--embedder", "hash"], environment: alice).status == 0)
        #expect(
            try cli.run(["remember", "Bob rides a bike", "--raw", "--user", "bob"], environment: alice).status == 0)
        #expect(try cli.exported(user: "alice").compactMap { $0["text"] as? String } == ["I keep bees"])
        #expect(try cli.exported(user: "bob").compactMap { $0["text"] as? String } == ["Bob rides a bike"])
        #expect(try cli.exported(user: "default").isEmpty)
        let search = try cli.run(["search", "bees", "--json"], environment: alice)
        #expect(CLIRunner.hits(search.stdout)?.count == 1 && search.stdout.contains("\"user\" : \"alice\""))
    }

    @Test("MEMLAYER_PROVIDER and MEMLAYER_MODEL reach the service; --model and --provider win")
    func providerAndModel() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server(chat: "Hi.") { _, _ in ScriptedOllama.reply("{}") }
        defer { server.stop() }
        let environment = [
            "MEMLAYER_PROVIDER": "ollama", "MEMLAYER_MODEL": "tiny-model",
            "OLLAMA_HOST": server.baseURL.absoluteString,
        ]
        let base = ["ask", "hello", "--no-wait", "--embedder", "hash"]
        #expect(try cli.run(base, environment: environment).stdout == "Hi.\n")
        #expect(try cli.run(base + ["--model", "other-model"], environment: environment).status == 0)
        let models = server.requests.compactMap { ($0.jsonBody() as? [String: Any])?["model"] as? String }
        #expect(models == ["tiny-model", "other-model"])

        let unknown = try cli.run(base, environment: ["MEMLAYER_PROVIDER": "bogus"])
        #expect(unknown.status == 64 && unknown.stderr.contains("MEMLAYER_PROVIDER: unknown provider 'bogus'"))
        // MEMLAYER_MODEL belongs to MEMLAYER_PROVIDER's service: another --provider does not get it.
        let claude = try cli.run(
            base + ["--provider", "claude"], environment: environment.merging(["ANTHROPIC_API_KEY": ""]) { $1 })
        #expect(claude.status == 1 && !claude.stderr.contains("tiny-model"), "\(claude.stderr)")
    }

    @Test("ANTHROPIC_BASE_URL sends Claude requests to another address")
    func anthropicBaseURL() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = LoopbackHTTPServer { request in
            guard request.path == "/v1/messages" else { return .json(#"{"error":"not found"}"#, status: 404) }
            return .stream(CLIChatTests.claude.map { ScriptedResponse.Part($0) }, contentType: "text/event-stream")
        }
        _ = try server.start()
        defer { server.stop() }
        let environment = [
            "MEMLAYER_PROVIDER": "claude", "ANTHROPIC_API_KEY": "sk-ant-test",
            "ANTHROPIC_BASE_URL": server.baseURL.absoluteString,
        ]
        let result = try cli.run(["ask", "hello", "--no-wait", "--embedder", "hash"], environment: environment)
        #expect(result.status == 0 && result.stdout == "Hello from Claude\n", "\(result.stderr)")
        #expect(server.requestCount == 1)
    }

    @Test("--help lists every variable the CLI reads")
    func help() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let help = try cli.run(["--help"], useStore: false).stdout
        for name in [
            "MEMLAYER_STORE", "MEMLAYER_USER", "MEMLAYER_EMBEDDER", "MEMLAYER_PROVIDER", "MEMLAYER_MODEL",
            "MEMLAYER_MODELS", "OLLAMA_HOST", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY",
            "ANTHROPIC_BASE_URL", "GEMINI_API_KEY",
        ] {
            #expect(help.contains(name), "\(name)")
        }
        let ask = try cli.run(["ask", "--help"], useStore: false).stdout
        #expect(ask.contains("$MEMLAYER_PROVIDER") && ask.contains("$MEMLAYER_MODEL") && ask.contains("$MEMLAYER_USER"))
    }
}
