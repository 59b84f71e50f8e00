import Glibc

/// Why the loopback server could not start.
public struct LoopbackServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the failing call and `errno` text.
    public let description: String

    static func socket(_ call: String, _ code: Int32) -> LoopbackServerError {
        LoopbackServerError(description: "\(call) failed: \(String(cString: strerror(code)))")
    }

    static let alreadyStarted = LoopbackServerError(description: "the server was already started")
}
