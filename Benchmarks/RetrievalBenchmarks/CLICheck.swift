import Foundation
import MemLayer

/// The real `memlayer` binary: imports the set's file into a store of its own (`import
/// --conversations`), and answers questions with `search --json`, so the table can be measured
/// on a store the CLI wrote and checked against what the CLI itself returns.
struct CLICheck {
    let binary: URL

    /// `memlayer import --conversations FILE --store STORE --user USER`; returns its output line.
    func importConversations(_ file: URL, store: String, userID: String) throws -> String {
        try run(["import", "--conversations", file.path, "--store", store, "--user", userID])
    }

    /// The ids `memlayer search --json -k K` returns, best first.
    func search(_ question: String, store: String, userID: String, k: Int) throws -> [String] {
        let output = try run(["search", question, "--store", store, "--user", userID, "-k", String(k), "--json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
            let hits = object["memories"] as? [[String: Any]]
        else {
            throw BenchError("memlayer search --json printed no {\"memories\": [...]} object: \(output.prefix(200))")
        }
        return hits.compactMap { $0["id"] as? String }
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("memlayer \(arguments.joined(separator: " ")) failed: \(errorText)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
