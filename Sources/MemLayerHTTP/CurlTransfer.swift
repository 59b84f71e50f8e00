import CCurl
import Foundation
import Synchronization

/// One attempt at one request: a libcurl transfer running on a thread of its own.
///
/// The thread owns every libcurl handle (see ``TransferWorker``); this object is the part other
/// threads may touch. It hands the response head to one waiting task, carries body chunks into
/// an `AsyncThrowingStream`, and lets any thread cancel, which wakes the worker's poll at once.
final class CurlTransfer: Sendable {
    typealias HeadResult = Result<HTTPResponseHead, TransportError>

    let request: HTTPRequest
    let body: AsyncThrowingStream<Data, any Error>
    let bodyContinuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let registry: TransferRegistry
    private let shared = Mutex(Shared())

    private struct Shared {
        var headWaiter: CheckedContinuation<HeadResult, Never>?
        var headResult: HeadResult?
        var cancelled = false
        /// The worker's multi handle while it may be sleeping in `curl_multi_poll`.
        var wakeup: WakeupHandle?
    }

    /// A multi handle that another thread may wake; only used under `shared`'s lock.
    struct WakeupHandle: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
    }

    init(request: HTTPRequest, registry: TransferRegistry) {
        self.request = request
        self.registry = registry
        (body, bodyContinuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
    }

    /// Starts the worker thread.
    func start() {
        // A consumer that stops listening (drops the stream or is cancelled) ends the transfer.
        bodyContinuation.onTermination = { [self] termination in
            if case .cancelled = termination { cancel() }
        }
        registry.enter()
        let thread = Thread { [self] in
            TransferWorker(transfer: self).perform()
            registry.leave()
        }
        thread.name = "MemLayer HTTP"
        thread.start()
    }

    /// Waits for the response head, or for the failure that came first.
    func head() async -> HeadResult {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<HeadResult, Never>) in
                let ready = shared.withLock { state -> HeadResult? in
                    if let result = state.headResult { return result }
                    state.headWaiter = waiter
                    return nil
                }
                if let ready { waiter.resume(returning: ready) }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Asks the worker to abort; safe from any thread, any number of times.
    func cancel() {
        shared.withLock { state in
            guard !state.cancelled else { return }
            state.cancelled = true
            if let wakeup = state.wakeup { _ = curl_multi_wakeup(wakeup.multi) }
        }
    }

    var isCancelled: Bool {
        shared.withLock { $0.cancelled }
    }

    /// Called by the worker once, when the head arrived or the attempt failed before it.
    func resolveHead(_ result: HeadResult) {
        let waiter = shared.withLock { state -> CheckedContinuation<HeadResult, Never>? in
            guard state.headResult == nil else { return nil }
            state.headResult = result
            defer { state.headWaiter = nil }
            return state.headWaiter
        }
        waiter?.resume(returning: result)
    }

    var isHeadResolved: Bool {
        shared.withLock { $0.headResult != nil }
    }

    /// Publishes the worker's multi handle for wake-ups; false if already cancelled.
    func publish(wakeup: WakeupHandle?) -> Bool {
        shared.withLock { state in
            state.wakeup = wakeup
            return !state.cancelled
        }
    }
}
