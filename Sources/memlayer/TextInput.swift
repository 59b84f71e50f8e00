import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A text argument that may come from standard input, as in `echo … | memlayer remember`:
/// `-` reads it, and so does leaving the argument out when standard input is not a terminal.
enum TextInput {
    /// `argument` itself, or standard input's text with surrounding whitespace removed. `what`
    /// names the argument in errors ("the question").
    static func resolve(_ argument: String?, what: String) throws -> String {
        if let argument, argument != "-" { return argument }
        if argument == nil, isatty(STDIN_FILENO) == 1 {
            throw ValidationError("give \(what), or \"-\" to read it from standard input")
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("standard input is not UTF-8 text")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when a file argument should be read from standard input: `-`, or none given while
    /// standard input is not a terminal.
    static func readsStandardInput(_ path: String?) -> Bool {
        path == "-" || (path == nil && isatty(STDIN_FILENO) != 1)
    }
}
