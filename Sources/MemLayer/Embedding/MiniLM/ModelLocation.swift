import Foundation

/// Finds the built-in model's files on disk.
///
/// `models/fetch.sh` puts them in `models/cache/<model>/`. Looked for, in order: under
/// `$MEMLAYER_MODELS` (when set), the current directory's `models/`, the `models/` of any folder
/// above the running executable (a build inside the repository), and the repository this library
/// was built from. The first folder that holds every required file wins, so pointing
/// `MEMLAYER_MODELS` at the weights does not hide files that ship in the repository (the
/// salience prototypes).
public enum ModelLocation {
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
            "the \(name) model files are missing (looked in: \(looked)); run `models/fetch.sh` to download and "
                + "verify them, or set MEMLAYER_MODELS to the folder that holds cache/\(name)")
    }

    static func candidateRoots() -> [URL] {
        var roots: [URL] = []
        if let configured = ProcessInfo.processInfo.environment["MEMLAYER_MODELS"], !configured.isEmpty {
            roots.append(URL(fileURLWithPath: configured))
        }
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("models"))
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(folder.appendingPathComponent("models"))
            folder.deleteLastPathComponent()
        }
        // Sources/MemLayer/Embedding/MiniLM/ModelLocation.swift -> the repository root.
        var source = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { source.deleteLastPathComponent() }
        roots.append(source.appendingPathComponent("models"))
        var seen = Set<String>()
        return roots.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
