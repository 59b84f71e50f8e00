import Foundation

/// An imported item that was not written because the user already has its text.
public struct ImportDuplicate: Sendable, Equatable {
    /// The item's position in the imported list, from 0.
    public let index: Int
    /// The id the item asked for, if it gave one.
    public let requestedID: String?
    /// The memory that already holds the text; it keeps its id and dates.
    public let existingID: String
}

/// What an import wrote and what it left out.
public struct ImportReport: Sendable {
    /// The memories written (added, or replaced by id), in the items' order.
    public var imported: [Memory]
    /// The items left out because their text was already stored.
    public var duplicates: [ImportDuplicate]
}

extension SQLiteMemoryStore {
    /// Writes `items` for `userID` in one transaction, as importing a file should.
    ///
    /// An item with an id the user already has replaces that memory (keeping its `created_at`
    /// when the item gives none). An item whose text an active memory of the user already holds
    /// — or an earlier item of the same list — is not written: it is reported in
    /// ``ImportReport/duplicates`` with the memory that holds it, which keeps its id, dates and
    /// importance. Merging silently would drop the item's id (so `forget ID` could not find it)
    /// and move the existing memory's dates; adding a copy would make search return the same
    /// text twice. A bad item writes nothing.
    public func importItems(_ items: [NewMemory], userID: String, now: Date = Date()) async throws -> ImportReport {
        try Self.validate(userID: userID)
        try check(items)
        let prepared = items.map(PreparedMemory.init)
        // Which items repeat a text the user has, or an earlier item had: read before the write
        // (a large import is staged in short transactions, see writeAllOrNothing).
        let db = try db()
        var duplicates: [ImportDuplicate] = []
        var kept: [Int] = []
        var earlier: [String: (index: Int, id: String?)] = [:]
        var repeats: [(duplicate: Int, first: Int)] = []
        for (index, item) in prepared.enumerated() {
            let text = ContentHash.normalise(item.item.text)
            if !(try hasMemory(externalID: item.item.id, userID: userID, in: db)) {
                if let existing = try activeMemory(withTextOf: item, userID: userID, in: db) {
                    duplicates.append(ImportDuplicate(index: index, requestedID: item.item.id, existingID: existing.1))
                    continue
                }
                if let first = earlier[text] {
                    repeats.append((duplicates.count, first.index))
                    duplicates.append(ImportDuplicate(index: index, requestedID: item.item.id, existingID: ""))
                    continue
                }
            }
            if earlier[text] == nil { earlier[text] = (index, item.item.id) }
            kept.append(index)
        }
        let written = kept.map { prepared[$0] }
        let rowIDs = try await writeAllOrNothing(written, userID: userID, now: now, mergingSameText: false) {
            db, rowIDs in
            // After every write, so a fact may come before the turns it names (any file order).
            for (item, rowID) in zip(written, rowIDs) where !item.item.sourceTurnIDs.isEmpty {
                try Self.link(factRowID: rowID, toTurns: item.item.sourceTurnIDs, userID: userID, in: db)
            }
        }
        let memories = try rowIDs.map { try memory(rowID: $0, in: db) }
        // An item repeating an earlier item of the list points at the memory that item became.
        let idsByIndex = Dictionary(uniqueKeysWithValues: zip(kept, memories.map(\.id)))
        for (position, first) in repeats {
            let duplicate = duplicates[position]
            duplicates[position] = ImportDuplicate(
                index: duplicate.index, requestedID: duplicate.requestedID, existingID: idsByIndex[first] ?? "")
        }
        return ImportReport(imported: memories, duplicates: duplicates)
    }

    private func hasMemory(externalID: String?, userID: String, in db: SQLiteConnection) throws -> Bool {
        guard let externalID else { return false }
        return try db.prepare("SELECT 1 FROM memories WHERE user_id = ? AND external_id = ?")
            .bind(.text(userID), .text(externalID)).firstRow({ $0.int64(0) }) != nil
    }
}
