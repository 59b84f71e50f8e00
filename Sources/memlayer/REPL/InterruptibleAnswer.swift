import Dispatch
import Foundation
import MemLayer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams one answer to standard output; on a terminal, Ctrl-C (SIGINT) stops the answer
/// instead of the program.
///
/// SIGINT is turned into cancellation of the task that reads the stream: the stream's end
/// aborts the request and the client queues nothing for a turn stopped early. The signal is
/// received by a dispatch source (the process ignores SIGINT meanwhile, as such a source
/// requires), so no code runs inside a signal handler and no state is shared with one.
enum InterruptibleAnswer {
    enum Outcome {
        case complete(String)
        /// Stopped by Ctrl-C; what was shown of the answer is discarded.
        case interrupted
        case failed(any Error)
    }

    /// Writes `stream`'s chunks as they arrive. With `stoppable`, SIGINT stops it.
    static func stream(_ stream: AsyncThrowingStream<String, any Error>, stoppable: Bool) async -> Outcome {
        let reader = Task { () async throws -> String in
            var answer = ""
            for try await chunk in stream {
                answer += chunk
                StandardOutput.write(chunk)
            }
            // A cancelled stream ends without an error: tell a stop from the end of the answer.
            try Task.checkCancellation()
            return answer
        }
        let watch = stoppable ? InterruptWatch { reader.cancel() } : nil
        defer { watch?.stop() }
        do {
            return .complete(try await reader.value)
        } catch {
            return reader.isCancelled ? .interrupted : .failed(error)
        }
    }
}

/// Runs a closure on each SIGINT until stopped, while SIGINT's default action (ending the
/// process) is suspended.
private final class InterruptWatch {
    private let source: any DispatchSourceSignal

    init(onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: onInterrupt)
        source.resume()
    }

    /// Stops watching and gives SIGINT its default action back.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
