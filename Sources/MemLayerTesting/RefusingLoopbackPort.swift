import Foundation
import Glibc
import Synchronization

/// A port on 127.0.0.1 where nothing listens, held so no other server can take it: every
/// connection attempt is refused at once, as when a local service (Ollama, a proxy) is not running.
///
/// A port merely left over from a stopped server could be handed to another test's server;
/// this one stays reserved (bound, not listening) until ``close()`` or deinit.
public final class RefusingLoopbackPort: Sendable {
    /// The reserved port.
    public let port: Int
    private let fd: Mutex<Int32>

    /// Reserves a port.
    public init() throws {
        let (fd, port) = try LoopbackSocket.bindLoopback()
        self.fd = Mutex(fd)
        self.port = port
    }

    deinit {
        close()
    }

    /// The URL of `pathAndQuery` (starting with `/`) on this port.
    public func url(_ pathAndQuery: String = "") -> URL {
        URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// Releases the port.
    public func close() {
        fd.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }
}
