import Dispatch
import Foundation
import Glibc
import MemLayer
import Synchronization

/// The shared state of a ``LoopbackHTTPServer`` that its threads hold, so the public object can
/// stop everything from `deinit`.
final class LoopbackServerCore: Sendable {
    struct State {
        var port = 0
        var listener: Int32 = -1
        var started = false
        var stopping = false
        var connections: Set<Int32> = []
        var requests: [RecordedRequest] = []
        var clientDisconnects = 0
        var completedResponses = 0
    }

    /// The most connections served at once; more are closed on arrival.
    static let maxConnections = 128

    let handler: @Sendable (RecordedRequest) -> ScriptedResponse
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    init(handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) {
        self.handler = handler
    }

    func snapshot<T: Sendable>(_ read: (borrowing State) -> T) -> T {
        state.withLock { read($0) }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    func start() throws -> Int {
        let alreadyStarted = state.withLock { state -> Bool in
            defer { state.started = true }
            return state.started
        }
        guard !alreadyStarted else { throw LoopbackServerError.alreadyStarted }
        let (listener, port) = try LoopbackSocket.listenOnLoopback()
        state.withLock {
            $0.listener = listener
            $0.port = port
        }
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop(listener)
            threads.leave()
        }
        thread.name = "LoopbackHTTPServer accept"
        thread.start()
        return port
    }

    func stop() {
        let wasRunning = state.withLock { state -> Bool in
            guard state.started, !state.stopping else { return false }
            state.stopping = true
            // Wake connection threads blocked in poll; each closes its own descriptor.
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        guard wasRunning else { return }
        _ = threads.wait(timeout: .now() + .seconds(5))
    }

    private func acceptLoop(_ listener: Int32) {
        while !isStopping {
            guard LoopbackSocket.waitReadable(listener, timeout: LoopbackSocket.slice),
                let fd = LoopbackSocket.accept(listener)
            else { continue }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopping, state.connections.count < Self.maxConnections else { return false }
                state.connections.insert(fd)
                return true
            }
            guard admitted else {
                close(fd)
                continue
            }
            threads.enter()
            let thread = Thread { [self] in
                LoopbackConnection(fd: fd, core: self).serve()
                state.withLock { _ = $0.connections.remove(fd) }
                close(fd)
                threads.leave()
            }
            thread.name = "LoopbackHTTPServer connection"
            thread.start()
        }
        close(listener)
    }

    /// Records a request and returns it with its index.
    func record(method: String, target: String, headers: HTTPHeaders, body: Data) -> RecordedRequest {
        state.withLock { state in
            let request = RecordedRequest(
                index: state.requests.count, method: method, target: target, headers: headers, body: body)
            state.requests.append(request)
            return request
        }
    }

    func noteClientDisconnect() {
        state.withLock { $0.clientDisconnects += 1 }
    }

    func noteCompleted() {
        state.withLock { $0.completedResponses += 1 }
    }
}
