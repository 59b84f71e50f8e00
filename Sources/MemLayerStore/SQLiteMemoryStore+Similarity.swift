import Foundation

extension SQLiteMemoryStore {
    /// The cosine similarity between `vector` and each of `rowIDs` that is `userID`'s and has an
    /// embedding from the store's embedder; a row without one (stored in lightweight mode, or
    /// by another embedder before a reindex) is absent from the answer.
    ///
    /// For memories the keyword search found but the vector search did not rank: their cosine is
    /// the same number a vector hit shows, so one similarity floor can judge every hit.
    package func similarities(of rowIDs: [Int64], to vector: [Float], userID: String) throws -> [Int64: Double] {
        try checkVector(vector)
        guard !rowIDs.isEmpty, let dimension else { return [:] }
        let queryNorm = Self.norm(vector)
        guard queryNorm > 0 else { return [:] }
        var result: [Int64: Double] = [:]
        try db().prepare(
            """
            SELECT id, embedding FROM memories
            WHERE id IN (SELECT value FROM json_each(?1)) AND +user_id = ?2 AND +embedder = ?3
                AND embedding IS NOT NULL
            """
        ).bind(.text(Self.jsonArray(rowIDs)), .text(userID), .optionalText(embedderID)).forEachRow { row in
            guard let blob = row.blob(1), let stored = EmbeddingBlob.decode(blob, dimension: dimension) else { return }
            let storedNorm = Self.norm(stored)
            guard storedNorm > 0 else { return }
            var dot: Double = 0
            for index in 0..<dimension { dot += Double(vector[index]) * Double(stored[index]) }
            result[row.int64(0)] = dot / (queryNorm * storedNorm)
        }
        return result
    }

    private static func norm(_ vector: [Float]) -> Double {
        vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
}
