import Foundation
import Glibc
import MemLayerTesting
import Synchronization
import Testing

/// A worker killed with SIGKILL mid-queue loses nothing and repeats nothing.
@Suite("Extraction survives kill -9", .serialized)
struct ExtractionKillTests {
    @Test("kill -9 mid-ingest, then extract: every job is processed exactly once and the queue is empty")
    func killAndResume() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        // Every extraction reply names its job and the call that answered it, so a job committed
        // twice would leave two facts (the call numbers differ, so they cannot merge).
        let held = Held()
        let server = try ScriptedOllama.server { text, call in
            let job =
                text.components(separatedBy: "Section ").dropFirst().first.map { "chunk \($0.prefix { $0.isNumber })" }
                ?? "turn \(text.contains("coffee") ? "coffee" : "tea")"
            if job == "chunk 3", held.first() { return .neverAnswer }  // the child is killed waiting here
            return ScriptedOllama.reply(
                #"{"facts": [{"text": "Extracted \#(job) on call \#(call).", "importance": 0.5}]}"#)
        }
        defer { server.stop() }
        let base = ["--base-url", server.baseURL.absoluteString, "--embedder", "hash"]

        // Two chat turns queued and left for later, then a six-chunk document.
        for text in ["I like coffee", "I like tea"] {
            #expect(try cli.run(["ask", text, "--no-wait"] + base).status == 0)
        }
        let body = (1...6).map { "Section \($0). " + String(repeating: "Some text of the section. ", count: 30) }
        let file = try cli.file("doc.txt", body.joined(separator: "\n\n"))
        let child = try cli.spawn(["ingest", file] + base)
        let reached = awaitCondition { server.requests.contains { ScriptedOllama.userText($0).contains("Section 3.") } }
        #expect(reached)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)

        // Chunks 1 and 2 were committed with their jobs deleted; 3–6 and both turns wait on disk.
        #expect(try cli.queuedJobs() == 6)
        #expect(try turns(cli).count == 2)  // kept word for word before their extraction ran
        #expect(try texts(cli).sorted() == ["Extracted chunk 1 on call 0.", "Extracted chunk 2 on call 1."])

        let resumed = try cli.run(["extract"] + base)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix("extracted 6 jobs: 6 facts added, 0 updated"), "\(resumed.stdout)")
        #expect(try cli.queuedJobs() == 0)
        let jobs = try texts(cli).map {
            $0.replacingOccurrences(of: #" on call \d+\."#, with: "", options: .regularExpression)
        }
        #expect(
            jobs.sorted()
                == (["chunk 1", "chunk 2", "chunk 3", "chunk 4", "chunk 5", "chunk 6", "turn coffee", "turn tea"])
                .map { "Extracted \($0)" })
        // Nothing left for a third run to do.
        #expect(try cli.run(["extract"] + base).stdout.hasPrefix("extracted 0 jobs"))
    }

    private func texts(_ cli: CLIRunner) throws -> [String] {
        try cli.exported().filter { $0["kind"] as? String != "turn" }.compactMap { $0["text"] as? String }
    }

    /// The chat turns kept word for word.
    private func turns(_ cli: CLIRunner) throws -> [String] {
        try cli.exported().filter { $0["kind"] as? String == "turn" }.compactMap { $0["text"] as? String }
    }

    /// Polls `condition` until it holds (at most 30 s).
    private func awaitCondition(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    /// True the first time it is asked only.
    final class Held: Sendable {
        private let asked = Mutex(false)

        func first() -> Bool {
            asked.withLock { asked in
                defer { asked = true }
                return !asked
            }
        }
    }
}
