import Foundation

/// Unbuffered writes to standard output, so streamed chunks appear as they arrive and never
/// reorder with other output.
enum StandardOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
