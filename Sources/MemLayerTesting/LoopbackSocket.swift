import Foundation
import Glibc

/// The few POSIX socket operations the loopback server needs, each bounded in time.
///
/// Every wait is a `poll` with a short slice so a stopping server is noticed within
/// ``slice``; nothing blocks indefinitely.
enum LoopbackSocket {
    /// The longest single blocking wait.
    static let slice: Duration = .milliseconds(20)

    /// Opens a listening TCP socket on 127.0.0.1 with an ephemeral port; returns it and the port.
    static func listenOnLoopback() throws -> (fd: Int32, port: Int) {
        let (fd, port) = try bindLoopback()
        guard listen(fd, 64) == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError.socket("listen", code)
        }
        return (fd, port)
    }

    /// Binds a TCP socket to 127.0.0.1 with an ephemeral port, without listening.
    static func bindLoopback() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError.socket("socket", errno) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian  // 127.0.0.1 only, never a public interface
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError.socket("bind", code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError.socket("getsockname", code)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Waits up to `timeout` for `fd` to become readable; true if it is.
    static func waitReadable(_ fd: Int32, timeout: Duration) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let result = poll(&descriptor, 1, Int32(clamping: max(0, timeout.milliseconds)))
        return result > 0
    }

    /// Accepts one pending connection, or nil.
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Reads what is available (after waiting up to one slice); nil when the peer closed or failed.
    static func read(_ fd: Int32, into buffer: inout [UInt8]) -> Bool? {
        guard waitReadable(fd, timeout: slice) else { return false }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count < 0, errno == EINTR || errno == EAGAIN { return false }
        return nil
    }

    /// Writes all of `bytes`; false if the peer is gone.
    static func write(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Bool {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let written = array.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, array.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR || errno == EAGAIN {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Whether the peer has closed its side (EOF or reset), without consuming data.
    static func peerClosed(_ fd: Int32) -> Bool {
        guard waitReadable(fd, timeout: .zero) else { return false }
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if count == 0 { return true }
        if count < 0 { return errno != EAGAIN && errno != EINTR }
        return false
    }

    /// Sleeps for `duration` in slices, returning early (false) if the peer closes or `shouldStop`.
    static func pause(_ fd: Int32, for duration: Duration, shouldStop: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + duration
        while true {
            if shouldStop() || peerClosed(fd) { return false }
            let left = deadline - .now
            if left <= .zero { return true }
            // Readable data that is not EOF would make poll return at once; sleep instead.
            usleep(UInt32(min(left, slice).milliseconds * 1000 + 100))
        }
    }
}

extension Duration {
    /// Whole milliseconds, truncated.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
