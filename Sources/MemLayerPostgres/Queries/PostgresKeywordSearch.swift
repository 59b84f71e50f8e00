/// Keyword search over one user's active memories: PostgreSQL full-text search with English
/// stemming, any query word may match, ranked by `ts_rank_cd`.
package enum PostgresKeywordSearch {
    /// One hit: the memory's row id and its rank (higher is better).
    package struct Hit: Sendable, Equatable {
        package let memoryID: Int64
        package let rank: Double
    }

    /// The `limit` best matches of `text` among `userID`'s memories; none when `text` has no
    /// word that is not a stop word.
    package static func search(_ connection: PostgresConnection, userID: String, text: String, limit: Int)
        async throws -> [Hit]
    {
        guard let query = tsquery(for: text) else { return [] }
        let rows = try await connection.query(sql, [.text(userID), .text(query), .int64(Int64(limit))])
        return try rows.map { Hit(memoryID: try $0.int64(0), rank: try $0.double(1)) }
    }

    static let sql = """
        SELECT m.id, ts_rank_cd(m.search_text, q.query) AS rank
        FROM memories m, to_tsquery('english', $2) AS q (query)
        WHERE m.user_id = $1 AND m.status = 'active' AND m.import_batch IS NULL AND m.search_text @@ q.query
        ORDER BY rank DESC, m.id LIMIT $3
        """

    /// The words of `text` joined with `|` (or), for `to_tsquery`, which stems each and drops
    /// stop words. Only letters and digits are kept, so nothing the user types can be read as
    /// tsquery syntax (`&`, `!`, `:*`, quotes).
    static func tsquery(for text: String) -> String? {
        let words = text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return words.isEmpty ? nil : words.joined(separator: " | ")
    }
}
