import Foundation

extension CLIRunner {
    /// `memlayer ARGS --store <temp store>`, configured but not started, its errors discarded.
    func process(_ arguments: [String], environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--store", store]
        process.currentDirectoryURL = directory
        process.environment = CLIRunner.baseEnvironment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// Sends SIGKILL to `process` and waits for it; true when the signal is what ended it (false
    /// when it had finished on its own first).
    @discardableResult
    func killNine(_ process: Process) -> Bool {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// A memory file of `count` lines, texts numbered from 0 with `prefix`.
    func memoryFile(_ name: String, count: Int, prefix: String = "imported note") throws -> String {
        let lines = (0..<count).map {
            #"{"id": "\#(prefix)-\#($0)", "text": "\#(prefix) \#($0) about topic \#($0 % 13)"}"#
        }
        return try file(name, lines.joined(separator: "\n") + "\n")
    }

    /// The texts of `user`'s memories, from `memlayer export --json`.
    func texts(user: String = "default") throws -> [String] {
        try exported(user: user).compactMap { $0["text"] as? String }
    }
}
