/// The audit log of every add, update, archive and delete.
package protocol HistoryStoring: Sendable {
    /// `userID`'s history, newest first, all or of one memory.
    func history(userID: String, memoryID: String?, limit: Int) async throws -> [HistoryEntry]
}
