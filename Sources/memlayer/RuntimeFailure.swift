import ArgumentParser
import Foundation

/// How a command that fails while running ends: one line on standard error, exit status 1.
enum RuntimeFailure {
    static func exit(with error: any Error) -> Never {
        // The parser's own requests (`--help` and `help` run as commands too) and exit codes a
        // command chose keep argument-parser's handling.
        if !(error is ValidationError) && String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            MemLayerCommand.exit(withError: error)
        }
        StandardOutput.error("error: \(line(for: error))\n")
        MemLayerCommand.exit(withError: ExitCode.failure)
    }

    /// The error's message on one line: the text a person reads, whatever type carries it.
    static func line(for error: any Error) -> String {
        let text: String
        switch error {
        case let error as ValidationError: text = error.message
        case let error as any LocalizedError: text = error.errorDescription ?? String(describing: error)
        default: text = String(describing: error)
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}
