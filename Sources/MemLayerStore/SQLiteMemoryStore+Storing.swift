/// The SQLite store is the embedded ``MemoryStoring``: the layers above reach it through the
/// protocol only, so another store (PostgreSQL) can take its place.
extension SQLiteMemoryStore: MemoryStoring {
    /// What the engine calls on this store.
    public nonisolated var storeAccess: MemoryStoreAccess { MemoryStoreAccess(self) }
}
