import Foundation
import Testing

/// A store file damaged at random (issue 15, standing fault suite): `stats`, `search` and
/// `export` on it end with exit 0 or an error message and exit 1 — never a crash.
@Suite("Fault suite: randomly corrupted store files", .serialized)
struct FaultCorruptFileTests {
    @Test("random bytes overwritten anywhere in the file: every command exits 0 or 1, none crashes")
    func randomDamage() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(
            try cli.run(["import", try cli.memoryFile("import.jsonl", count: 300), "--embedder", "hash"]).status == 0)
        #expect(try cli.run(["stats", "--embedder", "hash"]).status == 0)  // the last close checkpoints the WAL
        let original = try Data(contentsOf: URL(fileURLWithPath: cli.store))
        let rounds = FaultSuite.rounds(6)
        var generator = SplitMix(seed: 0x5EED)
        var runs = 0
        var crashes = 0
        var unexplained = 0
        let commands = [["stats"], ["search", "imported note 42"], ["export", "--json"]]
        for round in 0..<rounds {
            var bytes = original
            // Every fourth round hits the 100-byte header; the rest anywhere.
            let span = round % 4 == 0 ? 100 : bytes.count
            for _ in 0..<16 {
                bytes[Int(generator.next() % UInt64(span))] = UInt8(truncatingIfNeeded: generator.next())
            }
            let path = cli.directory.appendingPathComponent("damaged-\(round).sqlite").path
            try bytes.write(to: URL(fileURLWithPath: path))
            for command in commands {
                let result = try cli.run(command + ["--embedder", "hash", "--store", path], useStore: false)
                runs += 1
                // A crash (SIGILL, SIGSEGV) shows up as a status of 128 + signal or a signal exit.
                if result.status != 0 && result.status != 1 { crashes += 1 }
                if result.status == 1 && result.stderr.isEmpty { unexplained += 1 }
            }
            try? FileManager.default.removeItem(atPath: path)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        #expect(crashes == 0 && unexplained == 0)
        FaultSuite.report(
            "corrupt store files", runs: runs, crashes: crashes, losses: 0,
            note: "\(rounds) files, 16 random bytes each; \(unexplained) failures without a message")
    }
}

/// A small deterministic generator, so a failing round can be replayed.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
