import Foundation

/// Where a store keeps its data.
public enum StoreLocation: Sendable, Equatable {
    /// A SQLite file; missing parent folders are created, the file gets mode 0600.
    case file(String)
    /// A private in-memory database, gone when the store closes (tests, scratch work).
    case inMemory

    /// `memlayer_data/memory.sqlite`, or `$MEMLAYER_STORE` when set.
    public static var `default`: StoreLocation {
        .file(ProcessInfo.processInfo.environment["MEMLAYER_STORE"] ?? "memlayer_data/memory.sqlite")
    }
}
