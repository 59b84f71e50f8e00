import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who holds a claim on an extraction job: a worker named by its host, its process id and a
/// random nonce (`host/pid/nonce`), so that a claim whose holder is known to be dead can be
/// taken at once instead of after its lease.
///
/// Both stores treat a claim as lapsed, whatever its lease says, when ``isGone(_:)`` says its
/// holder is gone: the holder ran on this host (same host name and, on Linux, the same process
/// namespace) and its process no longer exists (or is a zombie), or it is this very process and
/// the worker stopped (``stopWorking()``) without releasing, say because its store was closed first.
/// A holder on another machine, or a name that is not `host/pid/nonce`, is never judged: its
/// claim lapses with its lease.
package struct ClaimHolder: Sendable, Hashable, CustomStringConvertible {
    /// The text stored as the claim's holder.
    package let id: String

    /// A holder named `id` as it is (a test's or a tool's own name); never judged dead by process.
    package init(id: String) {
        self.id = id
    }

    /// The holder `host/pid/nonce`.
    package init(host: String, pid: Int32, nonce: String) {
        id = "\(host)/\(pid)/\(nonce)"
    }

    /// A new holder for a worker of this process: this host, this pid and a fresh nonce.
    package static func newWorker() -> ClaimHolder {
        ClaimHolder(host: localHost, pid: getpid(), nonce: String(UInt64.random(in: 0...UInt64.max), radix: 16))
    }

    package var description: String { id }

    /// Marks this holder's worker as working: its claims are its own until ``stopWorking()``.
    package func startWorking() {
        _ = Self.retired.withLock { $0.remove(id) }
    }

    /// Marks this holder's worker as stopped: a claim it could not release (its store was closed
    /// first) may be taken at once by another worker of this process.
    package func stopWorking() {
        _ = Self.retired.withLock { $0.insert(id) }
    }

    /// True when the holder `id` is known to be dead (see the type's description).
    package static func isGone(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0,
            parts.dropLast(2).joined(separator: "/") == localHost
        else { return false }
        if pid == getpid() { return retired.withLock { $0.contains(id) } }
        return !processExists(pid)
    }

    /// Holders of this process whose workers stopped.
    private static let retired = Mutex<Set<String>>([])

    /// This machine as holders name it: the host name and, on Linux, the process namespace, so a
    /// container sharing the host name but not the pids is not taken for this host.
    package static let localHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let name =
            gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
        let cleaned = name.replacingOccurrences(of: "/", with: "_")
        guard let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else {
            return cleaned
        }
        return cleaned + "@" + namespace.filter { $0.isNumber }
    }()

    /// Whether process `pid` exists and is not a zombie (dead, not yet reaped by its parent).
    private static func processExists(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0, errno == ESRCH { return false }
        // /proc/PID/stat: "pid (name) S ...", the state after the last ')'.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state != "Z" && state != "X"
    }
}
