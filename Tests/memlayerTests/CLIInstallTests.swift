import Foundation
import Testing

/// `scripts/install.sh` into a temporary prefix and data folder, then the installed binary run
/// from a folder outside the repository, as a user with it on PATH would.
@Suite("scripts/install.sh and the installed memlayer", .serialized)
struct CLIInstallTests {
    /// The repository this test file is in.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func run(
        _ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]
    ) throws -> CLIRunner.Result {
        let result = try CLIRunner.capture(executable, arguments, in: directory, environment: environment)
        return CLIRunner.Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    @Test("install puts the binary, man page, completions and verified models in place; it runs from anywhere")
    func installAndRun() throws {
        let root = try CLIRunner()
        defer { root.cleanUp() }
        let prefix = root.directory.appendingPathComponent("prefix")
        let data = root.directory.appendingPathComponent("data")
        let elsewhere = root.directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["MEMLAYER_MODELS"] = nil
        environment["MEMLAYER_STORE"] = nil
        environment["XDG_DATA_HOME"] = data.path

        let install = try run(
            "/bin/bash",
            [
                Self.repository.appendingPathComponent("scripts/install.sh").path, "--prefix", prefix.path,
                "--binary", CLIRunner.binary.path,
            ],
            in: elsewhere, environment: environment)
        #expect(install.status == 0, "\(install.stdout)\n\(install.stderr)")

        let installed = prefix.appendingPathComponent("bin/memlayer").path
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        let share = prefix.appendingPathComponent("share")
        let manual = try String(contentsOf: share.appendingPathComponent("man/man1/memlayer.1"), encoding: .utf8)
        #expect(manual.contains(".Dt MEMLAYER 1") && manual.contains("chat"))
        for completion in [
            "bash-completion/completions/memlayer", "zsh/site-functions/_memlayer",
            "fish/vendor_completions.d/memlayer.fish",
        ] {
            let script = try String(contentsOf: share.appendingPathComponent(completion), encoding: .utf8)
            #expect(script.contains("memlayer") && script.contains("models"), "\(completion)")
        }
        let models = data.appendingPathComponent("memlayer/models")
        for file in [
            "cache/all-MiniLM-L6-v2/model.safetensors", "salience/salient.txt", "extraction/en.txt", "fetch.sh",
        ] {
            #expect(FileManager.default.fileExists(atPath: models.appendingPathComponent(file).path), "\(file)")
        }

        // From a folder with no models/ and no build, the binary finds its files in the data folder.
        environment["PATH"] = prefix.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let version = try run(installed, ["--version"], in: elsewhere, environment: environment)
        #expect(version.status == 0 && version.stdout == "0.1.0\n", "\(version.stderr)")
        let path = try run(installed, ["models", "path"], in: elsewhere, environment: environment)
        #expect(path.stdout == models.appendingPathComponent("cache/all-MiniLM-L6-v2").path + "\n", "\(path.stderr)")
        let remembered = try run(
            installed, ["remember", "I work at Acme Corp", "--raw"], in: elsewhere, environment: environment)
        #expect(remembered.status == 0, "\(remembered.stderr)")
        let found = try run(
            installed, ["search", "where is my job?", "-k", "1"], in: elsewhere, environment: environment)
        #expect(found.status == 0 && found.stdout.contains("Acme Corp"), "\(found.stdout)\(found.stderr)")
        // `models fetch` runs the installed fetch script: the files verify, nothing is downloaded.
        let fetch = try run(installed, ["models", "fetch"], in: elsewhere, environment: environment)
        #expect(fetch.status == 0 && fetch.stdout.contains("present and verified in \(models.path)"), "\(fetch.stderr)")
    }

    @Test("--version prints the release")
    func version() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let result = try cli.run(["--version"], useStore: false)
        #expect(result.status == 0 && result.stdout == "0.1.0\n")
    }

    @Test(
        "the data folder ($XDG_DATA_HOME, else ~/.local/share) is searched before ./models and the source tree",
        arguments: [true, false])
    func dataFolderFirst(viaXDG: Bool) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let home = cli.directory.appendingPathComponent("home")
        let data = viaXDG ? cli.directory.appendingPathComponent("data") : home.appendingPathComponent(".local/share")
        let folder = data.appendingPathComponent("memlayer/models/cache/all-MiniLM-L6-v2")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["vocab.txt", "model.safetensors"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(file).path, contents: Data())
        }
        // A relative XDG_DATA_HOME is ignored, as the XDG spec says.
        let result = try cli.run(
            ["models", "path"], useStore: false,
            environment: ["HOME": home.path, "XDG_DATA_HOME": viaXDG ? data.path : "relative/data"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == folder.path + "\n")
    }
}
