import Foundation

/// A `memlayer-postgres-queue-worker` child process (built beside the test bundle).
final class QueueWorkerProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()

    /// Starts `memlayer-postgres-queue-worker MODE WORKER LEASE` against `databaseURL`.
    init(mode: String, worker: String, leaseSeconds: Int, databaseURL: String, environment: [String: String] = [:])
        throws
    {
        process.executableURL = Self.binary
        process.arguments = [mode, worker, String(leaseSeconds)]
        var variables = ProcessInfo.processInfo.environment
        variables["MEMLAYER_TEST_POSTGRES_URL"] = databaseURL
        process.environment = variables.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// The binary sits beside the test bundle in the build products folder.
    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("memlayer-postgres-queue-worker")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(
            "memlayer-postgres-queue-worker")
    }

    /// The first line the worker prints (blocks until it does, or exits).
    func firstLine() -> String {
        var bytes = Data()
        let handle = output.fileHandleForReading
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            bytes.append(chunk)
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Waits for the worker to exit; returns its exit status, what it printed, and its errors.
    func finish() async -> (status: Int32, output: String, errors: String) {
        // Both pipes are drained at once: a worker blocked on a full stderr pipe would never exit.
        async let text = Self.readAll(output.fileHandleForReading)
        async let errorText = Self.readAll(errors.fileHandleForReading)
        let (printed, failed) = await (text, errorText)
        await Task.detached { [process] in process.waitUntilExit() }.value
        return (process.terminationStatus, printed, failed)
    }

    private static func readAll(_ handle: FileHandle) async -> String {
        await Task.detached { String(decoding: handle.readDataToEndOfFile(), as: UTF8.self) }.value
    }

    /// SIGKILL: no cleanup runs, the claim stays in the database.
    func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        await Task.detached { [process] in process.waitUntilExit() }.value
    }
}
