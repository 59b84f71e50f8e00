import Foundation

/// A response body as it arrives: byte chunks exactly as libcurl hands them over.
///
/// Chunk boundaries are arbitrary (they may split a line or a UTF-8 character), so decoders
/// must buffer. The body is single-pass: iterate it once. Ending the iteration early (a `break`,
/// a thrown error, a cancelled task) or dropping the body aborts the transfer and closes the
/// connection. Errors are ``TransportError`` values: ``TransportError/Code/droppedMidBody``,
/// ``TransportError/Code/idleTimeout`` or ``TransportError/Code/cancelled``.
package struct HTTPBody: AsyncSequence, Sendable {
    /// A chunk of body bytes.
    package typealias Element = Data

    private let stream: AsyncThrowingStream<Data, any Error>
    private let lease: TransferLease

    init(transfer: CurlTransfer) {
        stream = transfer.body
        lease = TransferLease(transfer)
    }

    /// Starts reading the body; call once.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), lease: TransferLease(lease.transfer))
    }

    /// Reads the chunks in arrival order.
    package struct AsyncIterator: AsyncIteratorProtocol {
        private var base: AsyncThrowingStream<Data, any Error>.AsyncIterator
        private let lease: TransferLease

        init(base: AsyncThrowingStream<Data, any Error>.AsyncIterator, lease: TransferLease) {
            self.base = base
            self.lease = lease
        }

        /// The next chunk, or nil at the end of the body.
        package mutating func next() async throws -> Data? {
            if let chunk = try await base.next() { return chunk }
            // A cancelled task ends the underlying stream quietly; say so instead of
            // pretending the body was complete.
            if Task.isCancelled {
                throw TransportError(code: .cancelled, request: lease.transfer.request)
            }
            return nil
        }
    }
}

/// Keeps a transfer alive while someone may still read it, and aborts it when they no longer can.
final class TransferLease: Sendable {
    let transfer: CurlTransfer

    init(_ transfer: CurlTransfer) {
        self.transfer = transfer
    }

    deinit {
        // Harmless after the transfer finished; stops it if the reader walked away.
        transfer.cancel()
    }
}
