import Foundation
import MemLayerTesting
import Synchronization
import Testing

/// kill -9 while a model is being asked (issue 15, standing fault suite): during `memlayer
/// extract` the jobs not yet committed stay queued and are each extracted once by the next run;
/// during `ask`, a turn killed mid-answer leaves nothing half-written, and a turn whose answer was
/// shown is kept and queued even when the process dies right after.
@Suite("Fault suite: kill -9 during extraction and ask", .serialized)
struct FaultKillNineModelTests {
    static let turns = ["I like coffee", "I like tea", "I like cocoa"]

    @Test("kill -9 mid-extract: committed jobs stay done, the rest stay queued and run once")
    func killDuringExtract() throws {
        let rounds = FaultSuite.rounds(3)
        var losses = 0
        var repeats = 0
        for round in 0..<rounds {
            let cli = try CLIRunner()
            defer { cli.cleanUp() }
            let stalled = round % Self.turns.count  // the extraction call the child is killed waiting on
            let held = ExtractionKillTests.Held()
            let server = try ScriptedOllama.server { text, call in
                let drink = Self.turns.first { text.contains($0) }.map { String($0.split(separator: " ")[2]) } ?? "?"
                if call == stalled, held.first() { return .neverAnswer }
                return ScriptedOllama.reply(
                    #"{"facts": [{"text": "Extracted \#(drink) on call \#(call).", "importance": 0.5}]}"#)
            }
            defer { server.stop() }
            let base = ["--base-url", server.baseURL.absoluteString, "--embedder", "hash"]
            for text in Self.turns { #expect(try cli.run(["ask", text, "--no-wait"] + base).status == 0) }
            #expect(try cli.queuedJobs() == Self.turns.count)

            let child = cli.process(["extract"] + base)
            try child.run()
            #expect(FaultSuite.wait { server.requests.filter(ScriptedOllama.isExtraction).count == stalled + 1 })
            #expect(cli.killNine(child))

            let probe = try StoreProbe(path: cli.store)
            #expect(try probe.problems() == [])
            #expect(try cli.queuedJobs() == Self.turns.count - stalled)
            let rerun = try cli.run(["extract"] + base)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try cli.queuedJobs() == 0)
            let facts = try cli.exported().filter { $0["kind"] as? String != "turn" }.compactMap {
                $0["text"] as? String
            }
            let drinks = facts.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }.sorted()
            if Set(drinks) != ["cocoa", "coffee", "tea"] { losses += 1 }
            if drinks.count != Set(drinks).count { repeats += 1 }
            #expect(drinks == ["cocoa", "coffee", "tea"], "round \(round): \(facts)")
            #expect(try cli.exported().filter { $0["kind"] as? String == "turn" }.count == Self.turns.count)
        }
        #expect(losses == 0 && repeats == 0)
        FaultSuite.report(
            "kill -9 during extract", runs: rounds, crashes: 0, losses: losses, note: "\(repeats) jobs run twice")
    }

    @Test("kill -9 mid-answer leaves no turn; kill -9 right after the answer (ask, chat) loses no turn")
    func killDuringAsk() throws {
        let rounds = FaultSuite.rounds(2)
        var losses = 0
        var halfWritten = 0
        for _ in 0..<rounds {
            let cli = try CLIRunner()
            defer { cli.cleanUp() }
            let gate = LoopbackGate()
            let stallMidAnswer = Flag()
            let server = LoopbackHTTPServer { request in
                if ScriptedOllama.isExtraction(request) { return .neverAnswer }  // the worker waits here
                let lines = CLIChatTests.ollama
                let parts = [
                    ScriptedResponse.Part(lines[0]),
                    ScriptedResponse.Part(lines[1] + lines[2], gate: stallMidAnswer.isSet ? gate : nil),
                ]
                return .stream(parts, contentType: "application/x-ndjson")
            }
            _ = try server.start()
            defer {
                gate.open()
                server.stop()
            }
            let base = ["--base-url", server.baseURL.absoluteString, "--embedder", "hash"]

            // Mid-answer: the first words have been sent, the rest never comes.
            stallMidAnswer.set()
            let midAnswer = cli.process(["ask", "Say hello"] + base)
            try midAnswer.run()
            #expect(FaultSuite.wait { server.requestCount == 1 })
            usleep(UInt32.random(in: 50_000...400_000))
            #expect(cli.killNine(midAnswer))
            gate.open()
            var probe = try StoreProbe(path: cli.store)
            #expect(try probe.problems() == [])
            if try probe.integer("SELECT count(*) FROM memories") != 0 { halfWritten += 1 }
            #expect(try cli.queuedJobs() == 0)

            // Right after the answer: it is all on the screen; the process waits for extraction.
            stallMidAnswer.clear()
            let answered = cli.process(["ask", "Say hello"] + base)
            let output = try OutputWatcher(answered)
            #expect(FaultSuite.wait { output.text == "Hello from Ollama 👋\n" }, "\(output.text)")
            #expect(cli.killNine(answered))
            probe = try StoreProbe(path: cli.store)
            #expect(try probe.problems() == [])
            var kept = try cli.exported().filter { $0["kind"] as? String == "turn" }.compactMap {
                $0["text"] as? String
            }
            if try cli.queuedJobs() != 1 || !kept.contains(where: { $0.contains("Hello from Ollama") }) { losses += 1 }

            // The same in `memlayer chat`, waiting for its next line after answering.
            let chat = cli.process(["chat"] + base)
            let input = Pipe()
            chat.standardInput = input
            let chatOutput = try OutputWatcher(chat)
            input.fileHandleForWriting.write(Data("Say hello again\n".utf8))
            #expect(FaultSuite.wait { chatOutput.text.hasSuffix("Hello from Ollama 👋\n") }, "\(chatOutput.text)")
            #expect(cli.killNine(chat))
            try? input.fileHandleForWriting.close()
            #expect(try StoreProbe(path: cli.store).problems() == [])
            kept = try cli.exported().filter { $0["kind"] as? String == "turn" }.compactMap { $0["text"] as? String }
            if try cli.queuedJobs() != 2 || !kept.contains(where: { $0.contains("Say hello again") }) { losses += 1 }
        }
        #expect(losses == 0 && halfWritten == 0)
        FaultSuite.report(
            "kill -9 during ask and chat", runs: 3 * rounds, crashes: 0, losses: losses,
            note: "\(halfWritten) half-written turns")
    }
}

/// A flag the server's handler reads on its own thread.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
    func clear() { value.withLock { $0 = false } }
}
