import Foundation
import Testing

/// kill -9 while an import or a reindex writes (issue 15, standing fault suite): afterwards the
/// store opens and passes SQLite's checks, the import is all there or not there at all, nothing
/// it staged is left, nothing that was there before is lost, and a rerun finishes the work.
@Suite("Fault suite: kill -9 during import and reindex", .serialized)
struct FaultKillNineStoreTests {
    static let seeds = ["my cat is called Miso", "I live in Lisbon", "I work at Acme Corp"]
    let hash = ["--embedder", "hash"]

    private func seeded() throws -> CLIRunner {
        let cli = try CLIRunner()
        for seed in Self.seeds { #expect(try cli.run(["remember", seed] + hash).status == 0) }
        return cli
    }

    @Test("kill -9 mid-import (while staging, or at a random moment): all or nothing, nothing left over")
    func killDuringImport() throws {
        let rows = 1_000
        let rounds = FaultSuite.rounds(2)
        var landed = 0
        var rolledBack = 0
        var losses = 0
        var crashes = 0
        for round in 0..<rounds {
            let cli = try seeded()
            defer { cli.cleanUp() }
            let file = try cli.memoryFile("import.jsonl", count: rows)
            let child = cli.process(["import", file] + hash)
            try child.run()
            if round % 2 == 0 {
                // Once the import has staged rows: the moment a long transaction used to be open.
                _ = FaultSuite.wait {
                    (try? StoreProbe(path: cli.store).integer(
                        "SELECT count(*) FROM memories WHERE import_batch IS NOT NULL")) ?? 0 > 0
                }
            } else {
                usleep(UInt32.random(in: 0...2_000_000))
            }
            if !cli.killNine(child), child.terminationStatus != 0 { crashes += 1 }

            let stats = try cli.run(["stats", "--json"] + hash)  // opens the store, as any next command would
            #expect(stats.status == 0, "\(stats.stderr)")
            let probe = try StoreProbe(path: cli.store)
            #expect(try probe.problems() == [])
            let count = try probe.integer("SELECT count(*) FROM memories")
            #expect(count == Self.seeds.count || count == Self.seeds.count + rows, "round \(round): \(count) rows")
            if count == Self.seeds.count { rolledBack += 1 } else { landed += 1 }
            #expect(try probe.integer("SELECT count(*) FROM memories WHERE import_batch IS NOT NULL") == 0)
            #expect(try probe.integer("SELECT count(*) FROM import_batches") == 0)
            #expect(try probe.integer("SELECT count(*) FROM history") == count)
            #expect(
                try probe.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'imported'")
                    == count - Self.seeds.count)
            let texts = try cli.texts()
            if !Self.seeds.allSatisfy(texts.contains) { losses += 1 }

            let again = try cli.run(["import", file] + hash)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try cli.texts().count == Self.seeds.count + rows)
        }
        #expect(losses == 0 && crashes == 0)
        FaultSuite.report(
            "kill -9 during import", runs: rounds, crashes: crashes, losses: losses,
            note: "\(rolledBack) left nothing, \(landed) had switched in whole")
    }

    @Test("kill -9 mid-reindex: the old vectors still serve, and a rerun takes over at once and finishes")
    func killDuringReindex() throws {
        let rows = 1_000
        let rounds = FaultSuite.rounds(2)
        var interrupted = 0
        var losses = 0
        var crashes = 0
        for round in 0..<rounds {
            let cli = try seeded()
            defer { cli.cleanUp() }
            #expect(try cli.run(["import", try cli.memoryFile("import.jsonl", count: rows)] + hash).status == 0)
            let child = cli.process(["reindex"] + hash)
            try child.run()
            if round % 2 == 0 {
                _ = FaultSuite.wait {
                    (try? StoreProbe(path: cli.store).integer("SELECT count(*) FROM reindex_vectors")) ?? 0 > 0
                }
            } else {
                usleep(UInt32.random(in: 0...600_000))
            }
            if cli.killNine(child) { interrupted += 1 } else if child.terminationStatus != 0 { crashes += 1 }

            let probe = try StoreProbe(path: cli.store)
            #expect(try probe.problems() == [])
            #expect(try probe.texts("SELECT value FROM meta WHERE key = 'embedder'") == ["hash-ngram-v1/384"])
            let search = try cli.run(["search", "imported note 7 about topic 7", "--json"] + hash)
            #expect(search.status == 0, "\(search.stderr)")
            #expect(search.stdout.contains("imported note 7 about topic 7"))
            let rerun = try cli.run(["reindex"] + hash)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            // It re-embeds what the killed run had not staged yet, then switches.
            #expect(rerun.stdout.hasPrefix("re-embedded "), "\(rerun.stdout)")
            #expect(try probe.integer("SELECT count(*) FROM reindex_vectors") == 0)
            #expect(
                try probe.integer("SELECT count(*) FROM memories WHERE embedder = 'hash-ngram-v1/384'")
                    == rows + Self.seeds.count)
            let texts = try cli.texts()
            if texts.count != rows + Self.seeds.count || !Self.seeds.allSatisfy(texts.contains) { losses += 1 }
        }
        #expect(losses == 0 && crashes == 0)
        FaultSuite.report(
            "kill -9 during reindex", runs: rounds, crashes: crashes, losses: losses,
            note: "\(interrupted) killed mid-run, the rest had finished")
    }
}
