import Foundation
import Testing

/// Several processes writing one store at once (issue 15, standing fault suite): an import, a
/// `remember` per user and a curation pass all finish, in bounded time, with exit 0; every write
/// lands; no user sees another's memories.
@Suite("Fault suite: concurrent writers from several processes", .serialized)
struct FaultConcurrentWriterTests {
    static let bound: TimeInterval = 90
    static let users = ["ana", "ben", "chen", "dara", "eli"]

    @Test("an import, five remembers and a curation at once: all exit 0 in bounded time, nothing lost or leaked")
    func writersAtOnce() throws {
        let rows = 1_000
        let rounds = FaultSuite.rounds(2)
        var failures = 0
        var losses = 0
        var leaks = 0
        var checks = 0
        var slowest: TimeInterval = 0
        for round in 0..<rounds {
            let cli = try CLIRunner()
            defer { cli.cleanUp() }
            #expect(try cli.run(["remember", "the first memory", "--embedder", "hash"]).status == 0)
            let file = try cli.memoryFile("import.jsonl", count: rows)
            var children = [cli.process(["import", file, "--user", "importer", "--embedder", "hash"])]
            for user in Self.users {
                children.append(
                    cli.process([
                        "remember", "\(user) wrote this in round \(round)", "--user", user, "--embedder", "hash",
                    ]))
            }
            children.append(cli.process(["curate", "--embedder", "hash"]))
            let began = Date()
            for child in children { try child.run() }
            for child in children {
                while child.isRunning, Date().timeIntervalSince(began) < Self.bound { usleep(10_000) }
                if child.isRunning { cli.killNine(child) }
                child.waitUntilExit()
                if child.terminationReason != .exit || child.terminationStatus != 0 { failures += 1 }
            }
            slowest = max(slowest, Date().timeIntervalSince(began))

            #expect(try StoreProbe(path: cli.store).problems() == [])
            if try cli.texts(user: "importer").count != rows { losses += 1 }
            for user in Self.users {
                let texts = try cli.texts(user: user)
                checks += 1
                if texts != ["\(user) wrote this in round \(round)"] {
                    if texts.contains(where: { !$0.hasPrefix(user) }) { leaks += 1 } else { losses += 1 }
                }
                let search = try cli.run([
                    "search", "wrote this in round", "--user", user, "--json", "--embedder", "hash",
                ])
                checks += 1
                if Self.users.contains(where: { $0 != user && search.stdout.contains("\($0) wrote") }) { leaks += 1 }
            }
        }
        #expect(failures == 0 && losses == 0 && leaks == 0)
        FaultSuite.report(
            "concurrent writers", runs: rounds * (Self.users.count + 2), crashes: failures, losses: losses,
            leaks: leaks,
            note:
                "\(checks) isolation checks; slowest round \(String(format: "%.1f", slowest)) s, bound \(Int(Self.bound)) s"
        )
    }
}
