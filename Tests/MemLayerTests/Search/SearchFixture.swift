import Foundation
import MemLayer

/// A fresh store whose rows the tests write directly (`store.insert`, `store.addRelationship`),
/// with hashing vectors, or none, and chosen importance and age.
struct SearchFixture {
    let base: StoreFixture
    /// The moment tests search at; memory ages are measured back from it.
    let now = Date()
    private static let hasher = HashingEmbedder()

    init() async throws { base = try await StoreFixture() }

    var engine: MemoryEngine { base.engine }
    var store: SQLiteMemoryStore { base.store }

    /// Stores `text` for `user`, created `days` ago, with a hashing vector unless `vector` is false.
    @discardableResult
    func add(
        _ text: String, user: String = "alice", importance: Double = 0.5, days: Double = 0, expiresAt: Date? = nil,
        vector: Bool = true
    ) async throws -> Memory {
        let item = NewMemory(
            text: text, importance: importance, createdAt: now.addingTimeInterval(-days * 86_400), expiresAt: expiresAt,
            embedding: vector ? Self.hasher.vector(for: text) : nil)
        return try await store.insert([item], userID: user, now: now)[0]
    }

    /// Stores each text with default settings.
    func add(_ texts: [String], user: String = "alice") async throws {
        for text in texts { try await add(text, user: user) }
    }

    /// Adds `subject —predicate→ object` for `user`.
    func relate(_ subject: String, _ predicate: String, _ object: String, user: String = "alice") async throws {
        try await store.addRelationship(
            subject: (subject, "thing"), predicate: predicate, object: (object, "thing"), userID: user)
    }

    /// Searches as `user` at `tier`, at the fixture's `now`.
    func search(
        _ query: String, tier: SearchTier = .balanced, user: String = "alice", limit: Int? = nil,
        engine: MemoryEngine? = nil
    ) async throws -> MemorySearchResult {
        try await (engine ?? self.engine).search(query, userID: user, tier: tier, limit: limit, now: now)
    }

    /// A direct connection to the file, for changes the public API does not make (archiving).
    func raw() throws -> RawSQLite { try RawSQLite(path: base.path) }

    /// Filler memories about everyday things, none naming the rare words tests look for.
    static let filler = [
        "I drink green tea every morning", "My bike is a blue Trek", "I water the tomatoes on Sundays",
        "The dentist appointment is on Friday", "I am learning to play the cello", "My flat has a small balcony",
        "I usually take the tram to work", "My favourite film is Spirited Away", "I prefer window seats on planes",
        "I am reading a novel about whales", "The neighbours have a loud dog", "I bake bread on Saturday mornings",
        "I run five kilometres on Tuesdays", "The office coffee machine is broken", "My laptop battery is weak",
        "I keep basil on the kitchen windowsill", "I volunteer at the library", "My winter coat is dark green",
        "I visit my grandmother in spring", "I collect old postcards", "The car needs new tyres",
        "I learned to swim as an adult", "I like spicy ramen", "My phone case is cracked",
    ]
}
