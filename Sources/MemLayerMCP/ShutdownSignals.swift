import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGTERM and SIGINT as an async sequence, so a server stops the way it does at end of input
/// (answering what it read, closing the store) instead of dying mid-write.
/// Unchecked: dispatch sources are thread-safe, and `sources` is written only in `init`.
final class ShutdownSignals: @unchecked Sendable {
    /// The signals caught.
    let numbers: [Int32]
    let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ numbers: [Int32] = [SIGTERM, SIGINT]) {
        self.numbers = numbers
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        var sources: [any DispatchSourceSignal] = []
        for number in numbers {
            signal(number, SIG_IGN)  // the dispatch source sees it; the default action would kill us
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Stops catching: the signals' default actions apply again.
    func restore() {
        for source in sources { source.cancel() }
        for number in numbers { signal(number, SIG_DFL) }
    }
}
