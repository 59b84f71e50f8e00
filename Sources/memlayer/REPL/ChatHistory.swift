import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines typed at the chat prompt, kept per store in a file beside it (`<store>.history`,
/// mode 0600, one line each) so the arrow keys bring back earlier questions in the next session.
/// Never written into the store itself: history is the terminal's, not memory.
///
/// A line is appended as soon as it is entered, so a crash loses none. The file keeps the last
/// ``limit`` lines. Failing to write it costs the history, never the chat.
struct ChatHistory {
    static let limit = 1_000

    /// Oldest first.
    private(set) var entries: [String] = []
    /// The history file, or nil for none (an in-memory store).
    let path: String?

    /// The history of the store at `storePath`: `<storePath>.history`.
    static func path(forStore storePath: String) -> String { storePath + ".history" }

    /// Loads `path` (a missing file is an empty history) and trims it to ``limit`` lines.
    init(path: String?) {
        self.path = path
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        // Lines the editor could not have written (control characters) are skipped, never shown.
        entries = lines.map(String.init).filter { !$0.unicodeScalars.contains(where: Self.isControl) }
        if entries.count > Self.limit {
            entries.removeFirst(entries.count - Self.limit)
            rewrite()
        }
    }

    /// Adds `line` unless it is blank or repeats the last one.
    mutating func add(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, line != entries.last,
            !line.unicodeScalars.contains(where: Self.isControl)
        else { return }
        entries.append(line)
        append(line + "\n")
    }

    private func append(_ text: String) {
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)  // a file made by hand with wider permissions is narrowed
        try? OutputDescriptor(fd: fd, name: path).write(Data(text.utf8))
    }

    /// Replaces the file with ``entries`` (written beside it, then renamed over it).
    private func rewrite() {
        guard let path else { return }
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let text = entries.map { $0 + "\n" }.joined()
        let written = (try? OutputDescriptor(fd: fd, name: temporary).write(Data(text.utf8))) != nil
        close(fd)
        if !written || rename(temporary, path) != 0 { unlink(temporary) }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
