import Foundation
import Testing

/// Output that cannot be written (a full disk, a closed descriptor, a file-size limit) is an
/// error with one clear line and a non-zero exit, never a crash and never a silent exit 0.
@Suite("memlayer output failures", .serialized)
struct CLIOutputFailureTests {
    /// A store with a few memories, so every command has output to lose.
    private func filledRunner(count: Int = 3) throws -> CLIRunner {
        let cli = try CLIRunner()
        let lines = (0..<count).map { #"{"text": "note number \#($0) about the garden"}"# }
        let file = try cli.file("in.jsonl", lines.joined(separator: "\n"))
        let imported = try cli.run(["import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    @Test(
        "search, stats, export and embed to a full disk exit 1 and say so",
        arguments: [
            #"exec "$MEMLAYER" search garden --store "$STORE" >/dev/full"#,
            #"exec "$MEMLAYER" stats --store "$STORE" >/dev/full"#,
            #"exec "$MEMLAYER" stats --json --store "$STORE" >/dev/full"#,
            #"exec "$MEMLAYER" export --store "$STORE" >/dev/full"#,
            #"exec "$MEMLAYER" embed "a garden" >/dev/full"#,
        ])
    func fullDisk(script: String) throws {
        let cli = try filledRunner()
        defer { cli.cleanUp() }
        let result = try cli.runShell(script)
        #expect(!result.killedBySignal, "\(script) crashed: \(result.stderr)")
        #expect(result.status == 1, "\(script): \(result.stderr)")
        #expect(result.stderr.contains("cannot write standard output: the disk is full"), "\(result.stderr)")
    }

    @Test("export to a closed standard output is an error, not a crash")
    func closedStandardOutput() throws {
        let cli = try filledRunner()
        defer { cli.cleanUp() }
        let result = try cli.runShell(#"exec "$MEMLAYER" export --store "$STORE" >&-"#)
        #expect(!result.killedBySignal, "\(result.stderr)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write standard output"), "\(result.stderr)")
    }

    @Test("export -o past the file-size limit fails cleanly and leaves no partial file")
    func fileSizeLimit() throws {
        let cli = try filledRunner(count: 20)
        defer { cli.cleanUp() }
        let output = cli.directory.appendingPathComponent("out.jsonl").path
        // 48 KiB: room for the store's 32 KiB shared-memory file, not for 20 vectors as JSON (~90 KiB).
        let result = try cli.runShell(
            #"ulimit -f 48; exec "$MEMLAYER" export --embeddings -o out.jsonl --store "$STORE""#)
        #expect(!result.killedBySignal, "\(result.stderr)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("file-size limit"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: output + ".partial"))
    }

    @Test("search -k near Int.max returns every memory instead of overflowing")
    func hugeK() throws {
        let cli = try filledRunner()
        defer { cli.cleanUp() }
        for k in ["2305843009213693950", "9223372036854775807"] {
            let result = try cli.run(["search", "garden", "-k", k, "--json"])
            #expect(result.status == 0, "-k \(k): \(result.stderr)")
            let hits = CLIRunner.hits(result.stdout)
            #expect(hits?.count == 3)
        }
    }
}

/// A store write that runs out of room says so, instead of "disk I/O error".
@Suite("memlayer store on a full disk", .serialized)
struct CLIStoreFullTests {
    @Test("an import past the file-size limit names the limit and stores nothing")
    func importPastLimit() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["remember", "first", "--embedder", "hash"]).status == 0)
        let lines = (0..<400).map { #"{"text": "memory number \#($0) with some words to fill the page"}"# }
        let file = try cli.file("big.jsonl", lines.joined(separator: "\n"))
        let result = try cli.runShell(
            #"ulimit -f 64; exec "$MEMLAYER" import "\#(file)" --embedder hash --store "$STORE""#)
        #expect(!result.killedBySignal)
        #expect(result.status == 1)
        #expect(result.stderr.contains("file-size limit"), "\(result.stderr)")
        #expect(!result.stderr.contains("disk I/O error"))
        let stats = try cli.run(["stats", "--json", "--embedder", "hash"])
        #expect(stats.stdout.contains("\"active_memories\" : 1"), "\(stats.stdout)")
    }
}
