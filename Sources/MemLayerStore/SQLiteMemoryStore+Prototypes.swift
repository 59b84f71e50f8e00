import Foundation

extension SQLiteMemoryStore {
    /// The cached prototype vectors that `embedder` made of the sentence set fingerprinted
    /// `setHash`, or nil when they are missing or unusable: a count other than `salientCount`
    /// and `nonSalientCount`, a gap in the positions, or a vector that is not `dimension` long.
    /// A caller that gets nil embeds the sentences and calls ``savePrototypeVectors(_:embedder:setHash:)``.
    ///
    /// Prototype vectors belong to no user: they describe the gate, not anyone's memories.
    public func prototypeVectors(
        embedder: String, setHash: String, salientCount: Int, nonSalientCount: Int, dimension: Int
    ) throws -> PrototypeVectors? {
        var salient: [[Float]] = []
        var nonSalient: [[Float]] = []
        var usable = true
        try db().prepare(
            """
            SELECT label, position, embedding FROM prototype_vectors
            WHERE embedder = ? AND set_hash = ? ORDER BY label, position
            """
        ).bind(.text(embedder), .text(setHash)).forEachRow { row in
            guard usable, let blob = row.blob(2), let vector = EmbeddingBlob.decode(blob, dimension: dimension) else {
                usable = false
                return
            }
            let position = row.int64(1)
            switch row.text(0) {
            case "salient" where position == salient.count: salient.append(vector)
            case "non_salient" where position == nonSalient.count: nonSalient.append(vector)
            default: usable = false
            }
        }
        guard usable, salient.count == salientCount, nonSalient.count == nonSalientCount else { return nil }
        return PrototypeVectors(salient: salient, nonSalient: nonSalient)
    }

    /// Caches `vectors` as `embedder`'s vectors of the sentence set `setHash`, in one transaction.
    ///
    /// Vectors `embedder` made of any other set are deleted: the files changed, so they are stale.
    /// Other embedders' vectors stay, so a store can serve a local and an online gate at once.
    public func savePrototypeVectors(_ vectors: PrototypeVectors, embedder: String, setHash: String) throws {
        let db = try db()
        try db.transaction {
            try db.prepare("DELETE FROM prototype_vectors WHERE embedder = ?").bind(.text(embedder)).run()
            let insert = try db.prepare(
                "INSERT INTO prototype_vectors (embedder, set_hash, label, position, embedding) VALUES (?, ?, ?, ?, ?)")
            for (label, set) in [("salient", vectors.salient), ("non_salient", vectors.nonSalient)] {
                for (position, vector) in set.enumerated() {
                    try insert.bind(
                        .text(embedder), .text(setHash), .text(label), .integer(Int64(position)),
                        .blob(EmbeddingBlob.encode(vector))
                    ).run()
                    insert.reset()
                }
            }
        }
    }
}
