import Synchronization

/// A one-way signal a test opens to let a scripted response continue.
///
/// A ``ScriptedResponse/Part`` that names a gate is sent only after the gate opens (or after
/// ``LoopbackHTTPServer/gateTimeout``), so a test can prove the client received earlier parts
/// before later ones existed.
public final class LoopbackGate: Sendable {
    private let opened = Mutex(false)

    /// Creates a closed gate.
    public init() {}

    /// Opens the gate; waiting responses continue.
    public func open() {
        opened.withLock { $0 = true }
    }

    /// Whether the gate is open.
    public var isOpen: Bool {
        opened.withLock { $0 }
    }
}
