import Foundation

/// Finds the built-in model's files on disk.
///
/// `models/fetch.sh` puts them in `models/cache/<model>/`; `memlayer models fetch` and
/// `scripts/install.sh` in the ``dataDirectory``. Looked for, in order: under
/// `$MEMLAYER_MODELS` (when set), the data directory (`$XDG_DATA_HOME/memlayer/models`, by
/// default `~/.local/share/memlayer/models`), the current directory's `models/`, the `models/`
/// of any folder above the running executable (a build inside the repository), and the
/// repository this library was built from (a development convenience only: an installed binary
/// or an app finds its files in the data directory). The first folder that holds every required
/// file wins, so pointing `MEMLAYER_MODELS` at the weights does not hide files that ship in the
/// repository (the salience prototypes).
public enum ModelLocation {
    /// The standard place for model files shared by every program using MemLayer:
    /// `$XDG_DATA_HOME/memlayer/models`, or `~/.local/share/memlayer/models` when
    /// `XDG_DATA_HOME` is unset or not an absolute path (as the XDG Base Directory spec says).
    public static var dataDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        let base: URL
        if let configured = environment["XDG_DATA_HOME"], configured.hasPrefix("/") {
            base = URL(fileURLWithPath: configured)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return base.appendingPathComponent("memlayer").appendingPathComponent("models")
    }

    /// The folder holding `name`'s files, e.g. `all-MiniLM-L6-v2`.
    public static func directory(for name: String, requiredFiles: [String]) throws -> URL {
        let candidates = candidateRoots().map { $0.appendingPathComponent("cache").appendingPathComponent(name) }
        for folder in candidates
        where requiredFiles.allSatisfy({
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
        }) {
            return folder
        }
        let looked = candidates.map(\.path).joined(separator: ", ")
        throw EmbedderError(
            .modelFiles,
            "the \(name) model files are missing (looked in: \(looked)); run `memlayer models fetch` (or "
                + "`models/fetch.sh` in the repository) to download and verify them, or set MEMLAYER_MODELS to the "
                + "folder that holds cache/\(name)")
    }

    /// The `models` folders searched, in order (see above); the CLI's `models fetch` finds the
    /// fetch script and manifest among them.
    public static var searchedFolders: [URL] { candidateRoots() }

    package static func candidateRoots() -> [URL] {
        var roots: [URL] = []
        if let configured = ProcessInfo.processInfo.environment["MEMLAYER_MODELS"], !configured.isEmpty {
            roots.append(URL(fileURLWithPath: configured))
        }
        roots.append(dataDirectory)
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("models"))
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(folder.appendingPathComponent("models"))
            folder.deleteLastPathComponent()
        }
        // Sources/MemLayerServices/Embedding/MiniLM/ModelLocation.swift -> the repository root.
        var source = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { source.deleteLastPathComponent() }
        roots.append(source.appendingPathComponent("models"))
        var seen = Set<String>()
        return roots.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
