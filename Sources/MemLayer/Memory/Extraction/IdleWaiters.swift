import Synchronization

/// Callers of ``ExtractionWorker/waitUntilIdle(timeout:)``, each parked until the worker answers.
///
/// Tickets are numbered in order, so the worker can answer exactly those registered before it
/// began the look at the queue that found it empty: a caller that arrived later may have queued
/// work that look did not see. The registry is lock-based rather than actor-isolated so that a
/// cancelled wait can withdraw at once from its cancellation handler.
final class IdleWaiters: Sendable {
    private struct State {
        var lastTicket: UInt64 = 0
        /// Registered and not yet answered; the continuation is nil until the caller parks.
        var open: [UInt64: CheckedContinuation<ExtractionWorker.WaitResult, Never>?] = [:]
        /// Answers that came before their caller parked.
        var early: [UInt64: ExtractionWorker.WaitResult] = [:]
    }

    private let state = Mutex(State())

    /// The newest ticket handed out (0 before any).
    var lastTicket: UInt64 { state.withLock { $0.lastTicket } }

    /// A ticket for a caller that is about to ``wait(_:)``.
    func register() -> UInt64 {
        state.withLock { state in
            state.lastTicket += 1
            state.open[state.lastTicket] = .some(nil)
            return state.lastTicket
        }
    }

    /// Parks until ticket `ticket` is answered; a cancelled caller gets `.timedOut`.
    func wait(_ ticket: UInt64) async -> ExtractionWorker.WaitResult {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ExtractionWorker.WaitResult, Never>) in
                let answer = state.withLock { state -> ExtractionWorker.WaitResult? in
                    if let answer = state.early.removeValue(forKey: ticket) { return answer }
                    guard state.open[ticket] != nil else { return .timedOut }
                    state.open[ticket] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            answer(where: { $0 == ticket }, with: .timedOut)
        }
    }

    /// Answers every open ticket up to and including `ticket`.
    func answer(upTo ticket: UInt64, with result: ExtractionWorker.WaitResult) {
        answer(where: { $0 <= ticket }, with: result)
    }

    /// Answers every open ticket.
    func answerAll(with result: ExtractionWorker.WaitResult) {
        answer(where: { _ in true }, with: result)
    }

    private func answer(where matches: (UInt64) -> Bool, with result: ExtractionWorker.WaitResult) {
        let parked = state.withLock { state -> [CheckedContinuation<ExtractionWorker.WaitResult, Never>] in
            var parked: [CheckedContinuation<ExtractionWorker.WaitResult, Never>] = []
            for (ticket, continuation) in state.open where matches(ticket) {
                state.open[ticket] = nil
                if let continuation {
                    parked.append(continuation)
                } else {
                    state.early[ticket] = result
                }
            }
            return parked
        }
        for continuation in parked { continuation.resume(returning: result) }
    }
}
