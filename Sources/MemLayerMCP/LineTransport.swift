import Foundation
import Logging
import MCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// MCP's stdio transport — one JSON-RPC message per line — over two file descriptors, read by
/// a thread that blocks in `read(2)`.
///
/// The SDK's `StdioTransport` puts both descriptors in non-blocking mode (which a parent
/// sharing them sees too) and polls every 10 ms, adding up to 10 ms to every call. This one
/// answers as soon as a line arrives, and keeps a ``RequestLedger`` so a stopping server can
/// answer every request it read (``waitUntilAnswered(timeout:)``).
public actor LineTransport: Transport {
    public nonisolated let logger: Logger
    private let input: Int32
    private let output: Int32
    private let ledger = RequestLedger()
    private let messages: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
    private var started = false

    /// Reads from `input` and writes to `output` (both left in blocking mode).
    public init(input: Int32, output: Int32, logger: Logger? = nil) {
        self.input = input
        self.output = output
        self.logger = logger ?? Logger(label: "memlayer.mcp.lines", factory: { _ in SwiftLogNoOpLogHandler() })
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        let reader = Thread { [input, continuation, ledger] in
            Self.readLines(from: input, into: continuation, ledger: ledger)
        }
        reader.name = "mcp-stdin"
        reader.start()
    }

    /// Ends the message stream; lines read after this are dropped.
    public func disconnect() async {
        ledger.stopAccepting()
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        ledger.sending(data)  // before writing: a reader that left still counts as answered
        var line = data
        line.append(UInt8(ascii: "\n"))
        let failure: Int32? = line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(output, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            logger.debug("write failed", metadata: ["errno": "\(failure)"])
            throw MCPError.connectionClosed
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Swift.Error> {
        messages
    }

    /// Stops taking new messages and waits until every request already read has been answered,
    /// at most `timeout`; returns how many were left unanswered.
    public func finishRequests(timeout: Duration) async -> Int {
        ledger.stopAccepting()
        let ledger = self.ledger
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await ledger.waitUntilAnswered() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return ledger.openCount
    }

    /// The reading thread: splits the input into lines and delivers each non-empty one, until
    /// end of input or a read error.
    private static func readLines(
        from fd: Int32, into continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation,
        ledger: RequestLedger
    ) {
        var pending = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[..<count])
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = pending[start..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                start = newline + 1
                guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { continue }
                let message = Data(line)
                if ledger.received(message) { continuation.yield(message) }
            }
            pending.removeSubrange(..<start)
        }
        continuation.finish()
    }
}
