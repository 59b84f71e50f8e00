import Foundation
import MemLayer
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
        // root ignores permissions: run as nobody, who may read the store but write nothing there.
        var prefix = ""
        if getuid() == 0 {
            // nobody may not reach the model where the checkout lies below a private folder (a
            // `mktemp -d` clone): it finds a linked copy in its working folder's models/ instead.
            try Self.linkModel(into: cli.directory.appendingPathComponent("models/cache"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: cli.directory.path)
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

    /// Hard-links (or, across file systems, copies) the built-in model's files into `cache`.
    static func linkModel(into cache: URL) throws {
        let name = "all-MiniLM-L6-v2"
        let source = try ModelLocation.directory(for: name, requiredFiles: ["model.safetensors", "vocab.txt"])
        let target = cache.appendingPathComponent(name)
        let files = FileManager.default.enumerator(at: source, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = files?.nextObject() as? URL {
            guard try file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(file.standardizedFileURL.path.dropFirst(source.standardizedFileURL.path.count + 1))
            let copy = target.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: copy.deletingLastPathComponent(), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755])
            do { try FileManager.default.linkItem(at: file, to: copy) } catch {
                try FileManager.default.copyItem(at: file, to: copy)
            }
        }
    }
}
