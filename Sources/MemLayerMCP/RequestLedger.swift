import Foundation

/// The requests a transport has read and not yet answered, so a server that is stopping can
/// answer every request it read before it exits. Shared by the reading thread and the actor
/// that writes, hence a lock.
final class RequestLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var open: Set<String> = []
    private var accepting = true
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// Waits cancelled before they were registered.
    private var cancelled: Set<UUID> = []

    /// Records the requests in an incoming message (one object or a batch) and returns true, or
    /// returns false once ``stopAccepting()`` was called: the message is then not delivered.
    func received(_ message: Data) -> Bool {
        let parsed = try? JSONSerialization.jsonObject(with: message)
        let objects = (parsed as? [Any] ?? [parsed as Any]).compactMap { $0 as? [String: Any] }
        return lock.withLock {
            guard accepting else { return false }
            for object in objects {
                if object["method"] as? String == "notifications/cancelled",
                    let params = object["params"] as? [String: Any], let id = Self.key(params["requestId"])
                {
                    // A cancelled request gets no answer (the protocol says so): stop waiting for it.
                    open.remove(id)
                } else if object["method"] != nil, let id = Self.key(object["id"]) {
                    open.insert(id)
                }
            }
            return true
        }
    }

    /// Crosses off the requests an outgoing message answers.
    func sending(_ message: Data) {
        let parsed = try? JSONSerialization.jsonObject(with: message)
        let objects = (parsed as? [Any] ?? [parsed as Any]).compactMap { $0 as? [String: Any] }
        let answered = objects.filter { $0["method"] == nil }.compactMap { Self.key($0["id"]) }
        guard !answered.isEmpty else { return }
        let ready: [CheckedContinuation<Void, Never>] = lock.withLock {
            for id in answered { open.remove(id) }
            guard open.isEmpty else { return [] }
            defer { waiters = [:] }
            return Array(waiters.values)
        }
        for waiter in ready { waiter.resume() }
    }

    /// Messages read from now on are dropped, unanswered: the server is stopping.
    func stopAccepting() {
        lock.withLock { accepting = false }
    }

    /// How many requests are waiting for an answer.
    var openCount: Int { lock.withLock { open.count } }

    /// Returns once every request read has been answered, or when the task is cancelled (a
    /// stopping server gives up waiting after its timeout).
    func waitUntilAnswered() async {
        let ticket = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let done: Bool = lock.withLock {
                    guard !open.isEmpty, !cancelled.contains(ticket) else { return true }
                    waiters[ticket] = waiter
                    return false
                }
                if done { waiter.resume() }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, Never>? = lock.withLock {
                cancelled.insert(ticket)
                return waiters.removeValue(forKey: ticket)
            }
            waiter?.resume()
        }
    }

    /// A JSON-RPC id as a set key: numbers and strings never collide.
    private static func key(_ id: Any?) -> String? {
        if let text = id as? String { return "s:" + text }
        if let number = id as? NSNumber { return "n:" + number.stringValue }
        return nil
    }
}
