import Foundation
import Testing

@testable import MemLayerMCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The stdio transport over real pipes: lines in, lines out, and the ledger that lets a stopping
/// server answer what it read.
@Suite struct LineTransportTests {
    @Test func aStoppingTransportWaitsForTheAnswersToWhatItRead() async throws {
        let (input, feed) = try Self.pipe()
        let (drain, output) = try Self.pipe()
        defer { for fd in [drain, output] { close(fd) } }
        let transport = LineTransport(input: input, output: output)
        try await transport.connect()
        let request = #"{"jsonrpc":"2.0","id":7,"method":"tools/list"}"#
        let cancelled = #"{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{}}"#
        let cancel = #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c"}}"#
        _ = "\(request)\r\n\n\(cancelled)\n\(cancel)\n".withCString { write(feed, $0, strlen($0)) }

        var iterator = await transport.receive().makeAsyncIterator()
        #expect(try await iterator.next() == Data(request.utf8))  // "\r" dropped, the blank line skipped
        _ = try await iterator.next()
        _ = try await iterator.next()
        #expect(await transport.finishRequests(timeout: .milliseconds(50)) == 1)  // 7 is open; "c" was cancelled

        try await transport.send(Data(#"{"jsonrpc":"2.0","id":7,"result":{}}"#.utf8))
        #expect(await transport.finishRequests(timeout: .seconds(5)) == 0)
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(drain, &buffer, buffer.count)
        #expect(String(decoding: buffer[..<count], as: UTF8.self) == #"{"jsonrpc":"2.0","id":7,"result":{}}"# + "\n")

        // End of input ends the stream; only then is the reading thread's descriptor closed.
        close(feed)
        #expect(try await iterator.next() == nil)
        close(input)
    }

    static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        #if canImport(Glibc)
            let status = Glibc.pipe(&fds)
        #else
            let status = Darwin.pipe(&fds)
        #endif
        guard status == 0 else { throw POSIXError(.EIO) }
        return (fds[0], fds[1])
    }
}
