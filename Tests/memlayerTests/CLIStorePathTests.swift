import Foundation
import Testing

/// Commands that only read never create a store, and can read one they cannot write.
@Suite("memlayer store paths", .serialized)
struct CLIStorePathTests {
    @Test(
        "a read-only command on a mistyped path fails and creates nothing",
        arguments: [
            ["stats"], ["search", "bees", "--lightweight"], ["search", "bees"], ["export"], ["graph"], ["tasks"],
        ])
    func mistypedPath(command: [String]) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let missing = cli.directory.appendingPathComponent("typo/memroy.sqlite").path
        let result = try cli.run(command + ["--store", missing], useStore: false)
        #expect(result.status == 1, "\(command): \(result.stderr)")
        #expect(result.stderr.contains("there is no store at"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("typo").path))
    }

    @Test("a store in a read-only folder can be searched, counted and exported")
    func readOnlyFolder() throws {
        let cli = try CLIRunner()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.directory.path)
            cli.cleanUp()
        }
        #expect(try cli.run(["remember", "I keep bees on the roof"]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: cli.directory.path)
        // root ignores permissions: run as nobody, who may read the store but write nothing there.
        var prefix = ""
        if getuid() == 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cli.store)
            prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups "
        }
        for (command, expected) in [
            ("stats --json", "\"active_memories\" : 1"), ("search bees --json", "I keep bees"),
            ("search bees --lightweight", "I keep bees"), ("export", "I keep bees"),
        ] {
            let result = try cli.runShell(#"exec \#(prefix)"$MEMLAYER" \#(command) --store "$STORE""#)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stdout.contains(expected), "\(command): \(result.stdout)")
        }
    }
}
