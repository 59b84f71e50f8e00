import Synchronization

/// Wakes one sleeping loop: ``signal()`` may be called from anywhere, any number of times;
/// ``wait()`` returns at the next signal — at once if one came since the last wait — or when its
/// task is cancelled. Signals do not queue up: many before a wait make one wake-up.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var sleeper: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        /// Waits cancelled before they could register.
        var cancelled: Set<UInt64> = []
        var lastID: UInt64 = 0
    }

    private let state = Mutex(State())

    func signal() {
        let sleeper = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let sleeper = state.sleeper else {
                state.pending = true
                return nil
            }
            state.sleeper = nil
            return sleeper.continuation
        }
        sleeper?.resume()
    }

    /// Returns at the next signal or when the task is cancelled. One waiter at a time.
    func wait() async {
        let id = state.withLock { state -> UInt64 in
            state.lastID += 1
            return state.lastID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if state.cancelled.remove(id) != nil { return true }
                    state.sleeper = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let sleeper = state.sleeper, sleeper.id == id {
                    state.sleeper = nil
                    return sleeper.continuation
                }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.resume()
        }
        _ = state.withLock { $0.cancelled.remove(id) }
    }

    /// Returns at the next signal, after `timeout`, or when the task is cancelled.
    func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
