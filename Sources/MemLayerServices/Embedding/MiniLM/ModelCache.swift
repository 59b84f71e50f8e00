import Foundation
import MemLayerStore

/// Where derived model files live: files the library makes from the downloaded weights to start
/// faster (the MiniLM half-precision side file), never anything that cannot be made again.
///
/// `$MEMLAYER_CACHE` when set, else `$XDG_CACHE_HOME/memlayer`, else `~/.cache/memlayer`. The
/// downloaded model folder is not used because it may be read-only or shared; a cache that
/// cannot be created only costs speed (the weights are then packed in memory at each start).
enum ModelCache {
    /// The folder, created on first use; nil when no folder can be created.
    static func directory() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        let folder: URL
        if let configured = environment["MEMLAYER_CACHE"], !configured.isEmpty {
            folder = URL(fileURLWithPath: configured)
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            folder = URL(fileURLWithPath: xdg).appendingPathComponent("memlayer")
        } else if let home = environment["HOME"], !home.isEmpty {
            folder = URL(fileURLWithPath: home).appendingPathComponent(".cache/memlayer")
        } else {
            return nil
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        return folder
    }

    /// The half-precision side file for the weights at `modelFile`: one per model path, named
    /// by a hash of the path (the file's header says which model file and version it was made
    /// from, and a mismatch is repacked).
    static func sideFile(for modelFile: URL) -> URL? {
        let path = modelFile.standardizedFileURL.path
        let name = String(FNV1a.hash(path), radix: 16)
        guard let file = directory()?.appendingPathComponent("minilm-\(name).f16") else { return nil }
        if !FileManager.default.fileExists(atPath: file.path) { StaleTemporaryFiles.remove(besides: file) }
        return file
    }
}
