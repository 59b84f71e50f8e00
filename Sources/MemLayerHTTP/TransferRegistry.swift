import Synchronization

/// Counts transfers whose threads are still running, so tests and diagnostics can see that a
/// cancelled or finished transfer really let go of its thread, socket and handles.
final class TransferRegistry: Sendable {
    private let live = Atomic<Int>(0)

    var count: Int { live.load(ordering: .acquiring) }

    func enter() {
        live.add(1, ordering: .relaxed)
    }

    func leave() {
        live.subtract(1, ordering: .releasing)
    }
}
