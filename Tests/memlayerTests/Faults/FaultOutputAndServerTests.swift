import Foundation
import MemLayerTesting
import Testing

/// Output and disk failures, and hostile model servers, repeated (issue 15, standing fault
/// suite). Each has a focused test elsewhere (`CLIOutputFailureTests`, `FrameBoundTests`,
/// `SecretEchoTests`); these rounds run them through the binary for the suite's figures.
@Suite("Fault suite: output failures and hostile servers", .serialized)
struct FaultOutputAndServerTests {
    static let scripts = [
        #"exec "$MEMLAYER" search garden --embedder hash --store "$STORE" >/dev/full"#,
        #"exec "$MEMLAYER" stats --json --store "$STORE" >/dev/full"#,
        #"exec "$MEMLAYER" export --store "$STORE" >/dev/full"#,
        #"exec "$MEMLAYER" embed "a garden" --embedder hash >/dev/full"#,
        #"exec "$MEMLAYER" export --store "$STORE" >&-"#,
        #"exec "$MEMLAYER" search garden --embedder hash --store "$STORE" >&-"#,
        #"ulimit -f 48; exec "$MEMLAYER" export --embeddings -o out.jsonl --store "$STORE""#,
        #"ulimit -f 64; exec "$MEMLAYER" import big.jsonl --embedder hash --store "$STORE""#,
    ]

    @Test("full disk, closed stdout, file-size limit: exit 1 with a message, never a crash or a silent 0")
    func outputFailures() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(
            try cli.run([
                "import", try cli.memoryFile("in.jsonl", count: 200, prefix: "garden note"), "--embedder", "hash",
            ]).status == 0)
        _ = try cli.memoryFile("big.jsonl", count: 400, prefix: "a longer memory with some words to fill the page")
        let rounds = FaultSuite.rounds(1)
        var runs = 0
        var crashes = 0
        var silent = 0
        var losses = 0
        for _ in 0..<rounds {
            for script in Self.scripts {
                let result = try cli.runShell(script)
                runs += 1
                if result.killedBySignal { crashes += 1 }
                if result.status != 1 || result.stderr.isEmpty { silent += 1 }
                #expect(!result.killedBySignal && result.status == 1, "\(script): \(result.status) \(result.stderr)")
            }
            if try cli.texts().count != 200 { losses += 1 }
            #expect(try StoreProbe(path: cli.store).problems() == [])
        }
        #expect(losses == 0)
        FaultSuite.report(
            "output and disk failures", runs: runs, crashes: crashes, losses: losses,
            note: "\(silent) without exit 1 and a message")
    }

    static let key = "my-proxy-token-4f9a2c71e0b3"

    /// Replies a hostile server gives an OpenAI-compatible chat request.
    static func hostile(_ kind: Int) -> ScriptedResponse {
        switch kind {
        case 0:  // no newline, ever: 12 MiB of one SSE line
            let chunk = ScriptedResponse.Part("data: " + String(repeating: "x", count: 1 << 20))
            return .stream(Array(repeating: chunk, count: 12))
        case 1:  // one huge event line with an answer in it
            let filler = String(repeating: "a", count: 9 << 20)
            return .stream([
                ScriptedResponse.Part(
                    #"data: {"choices":[{"index":0,"delta":{"content":"\#(filler)"}}]}"# + "\n\n")
            ])
        default:  // the key echoed back, transformed
            let echoes = [
                key.uppercased(), Data(key.utf8).base64EncodedString(), String(key.prefix(12)) + "…", key,
            ]
            return .json(
                #"{"error":{"message":"Invalid key \#(echoes.joined(separator: " / ")) supplied"}}"#, status: 401)
        }
    }

    @Test("servers that never send a newline, send huge lines or echo the key: exit 1, bounded, no key shown")
    func hostileServers() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let rounds = FaultSuite.rounds(1)
        var runs = 0
        var crashes = 0
        var leaks = 0
        for _ in 0..<rounds {
            for kind in 0..<3 {
                let server = LoopbackHTTPServer { _ in Self.hostile(kind) }
                _ = try server.start()
                defer { server.stop() }
                let began = Date()
                let result = try cli.run(
                    [
                        "ask", "Say hello", "--provider", "openai", "--base-url", server.baseURL.absoluteString + "/v1",
                        "--embedder", "hash", "--no-wait",
                    ],
                    environment: ["OPENAI_API_KEY": Self.key])
                runs += 1
                if result.status != 1 { crashes += 1 }
                let shown = (result.stdout + result.stderr).lowercased()
                if shown.contains("4f9a2c") || shown.contains(Data(Self.key.utf8).base64EncodedString().lowercased()) {
                    leaks += 1
                }
                #expect(result.status == 1, "kind \(kind): \(result.status) \(result.stderr.prefix(300))")
                #expect(result.stderr.count < 2_000, "kind \(kind): \(result.stderr.count) bytes of error")
                #expect(Date().timeIntervalSince(began) < 60)
                #expect(try cli.queuedJobs() == 0)  // a failed turn queues nothing
            }
        }
        #expect(crashes == 0 && leaks == 0)
        FaultSuite.report("hostile servers", runs: runs, crashes: crashes, losses: 0, leaks: leaks, note: "key echoes")
    }
}
