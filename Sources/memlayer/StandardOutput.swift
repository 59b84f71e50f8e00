import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unbuffered writes to standard output, so streamed chunks appear as they arrive and never
/// reorder with other output.
///
/// `FileHandle.write(_:)` traps when the write fails (a full disk, a closed descriptor, a
/// file-size limit), and `print` loses the failure in stdio's buffer, so a command whose output
/// was lost would still exit 0. Commands whose output is their result use the throwing
/// ``line(_:)`` and ``emit(_:)``; streamed chat text uses ``write(_:)``, which never traps.
///
/// On a terminal, control characters in the text (memory text and model answers can hold escape
/// sequences that retitle, recolour or rewrite the screen) are shown escaped, never obeyed.
enum StandardOutput {
    static let descriptor = OutputDescriptor(fd: STDOUT_FILENO, name: "standard output")
    private static let isTerminal = isatty(STDOUT_FILENO) == 1

    /// Writes `text` and a newline, or throws ``OutputError``.
    static func line(_ text: String) throws { try descriptor.write(shown(text + "\n")) }

    /// Writes `text` as is, or throws ``OutputError``.
    static func emit(_ text: String) throws { try descriptor.write(shown(text)) }

    /// Writes streamed text; a failure is ignored rather than ending the chat turn mid-answer.
    static func write(_ text: String) { try? descriptor.write(shown(text)) }

    private static func shown(_ text: String) -> Data {
        Data((isTerminal ? TerminalText.escaped(text) : text).utf8)
    }

    /// Writes to standard error; there is nowhere left to report a failure, so it is ignored.
    static func error(_ text: String) {
        try? OutputDescriptor(fd: STDERR_FILENO, name: "standard error").write(Data(text.utf8))
    }
}

/// An open file descriptor written with `write(2)`, retrying short writes and interruptions.
struct OutputDescriptor {
    let fd: Int32
    /// What the user calls it: "standard output" or a path.
    let name: String

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                    let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                #else
                    let written = Darwin.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(target: name, code: errno)
                }
                offset += written
            }
        }
    }
}

/// The command's output could not be written: the one line the user sees, then a non-zero exit.
struct OutputError: Error, CustomStringConvertible {
    /// "standard output" or the path being written.
    let target: String
    /// The `errno` of the failed write.
    let code: Int32

    var description: String {
        let reason =
            switch code {
            case ENOSPC: "the disk is full"
            case EFBIG: "the file-size limit (ulimit -f) was reached"
            case EBADF: "it is closed"
            case EPIPE: "the reader went away"
            case EDQUOT: "the disk quota is used up"
            default: String(cString: strerror(code))
            }
        return "cannot write \(target): \(reason); the output is incomplete"
    }
}
