import ArgumentParser
import Foundation

/// Standard output, or a file written whole (via a temporary name) so a failed export never
/// leaves a half file behind. Writes are buffered and every failure throws ``OutputError``.
final class OutputSink {
    private let output: OutputDescriptor
    /// Keeps the temporary file's descriptor open while `output` writes to it.
    private let file: FileHandle?
    private let path: String?
    private let temporaryPath: String?
    private var buffer = Data()

    init(path: String?) throws {
        self.path = path
        guard let path else {
            output = StandardOutput.descriptor
            file = nil
            temporaryPath = nil
            return
        }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw ValidationError("cannot write \(path)") }
        file = handle
        output = OutputDescriptor(fd: handle.fileDescriptor, name: path)
        temporaryPath = temporary
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered and, for a file, puts it in place of `path`.
    func close() throws {
        try flush()
        guard let path, let temporaryPath, let file else { return }
        try file.synchronize()
        try file.close()
        guard rename(temporaryPath, path) == 0 else { throw OutputError(target: path, code: errno) }
    }

    /// Removes the temporary file after a failure, leaving whatever was at `path` untouched.
    func discard() {
        guard let temporaryPath else { return }
        try? file?.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
