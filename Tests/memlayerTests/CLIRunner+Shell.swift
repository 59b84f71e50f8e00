import Foundation

extension CLIRunner {
    /// How a shell-run command ended: its exit status, or the signal that killed it.
    struct ShellResult {
        let status: Int32
        let killedBySignal: Bool
        let stdout: String
        let stderr: String
    }

    /// Runs `script` in bash inside the temporary folder, with `$MEMLAYER` naming the binary and
    /// `$STORE` the temporary store, for tests that need redirections (`>/dev/full`, `>&-`) or
    /// limits (`ulimit -f`). The script should `exec` the binary so its fate is the process's own.
    func runShell(_ script: String) throws -> ShellResult {
        var environment = CLIRunner.baseEnvironment
        environment["MEMLAYER"] = Self.binary.path
        environment["STORE"] = store
        return try Self.capture("/bin/bash", ["-c", script], in: directory, environment: environment)
    }

    /// Runs `executable` with `arguments` in `directory`, stdin empty, and returns how it ended
    /// with all it wrote. Small outputs only: both pipes are read after each other.
    static func capture(
        _ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]
    ) throws -> ShellResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ShellResult(
            status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
