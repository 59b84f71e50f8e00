import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Removes what a writer killed mid-write left behind: the index and model side files are
/// written to `<name>.tmp.<pid>` and renamed, so a crash leaves that temporary file (as large as
/// the real one) and never a torn real file. A temporary file whose process is gone is deleted
/// before the next write; one whose process is alive is another writer's and is left alone.
package enum StaleTemporaryFiles {
    package static func remove(besides file: URL) {
        let folder = file.deletingLastPathComponent()
        let prefix = file.lastPathComponent + ".tmp."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }
}
