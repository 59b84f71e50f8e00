import Foundation

/// The knowledge graph around some entities, walked with a recursive CTE: every entity of the
/// user within `hops` edges (either direction) of the named ones, following only edges still
/// valid now.
package enum PostgresGraphWalk {
    /// An entity reached, with the fewest edges it took.
    package struct Reached: Sendable, Equatable {
        package let entityID: Int64
        package let name: String
        package let hops: Int
    }

    /// The entities of `userID` within `hops` edges of those whose canonical name is in
    /// `canonicalNames` (the start entities themselves at 0), nearest first.
    package static func walk(
        _ connection: PostgresConnection, userID: String, from canonicalNames: [String], hops: Int
    ) async throws -> [Reached] {
        let names = String(decoding: try JSONEncoder().encode(canonicalNames), as: UTF8.self)
        let rows = try await connection.query(sql, [.text(userID), .text(names), .int64(Int64(hops))])
        return try rows.map {
            Reached(entityID: try $0.int64(0), name: try $0.string(1), hops: Int(try $0.int64(2)))
        }
    }

    /// `UNION` (not `UNION ALL`) drops a repeated (entity, depth), and the depth bound ends the
    /// walk even around cycles.
    static let sql = """
        WITH RECURSIVE walk (entity_id, depth) AS (
            SELECT id, 0 FROM entities
            WHERE user_id = $1 AND canonical_name IN (SELECT jsonb_array_elements_text($2::jsonb))
            UNION
            SELECT CASE WHEN r.subject_id = w.entity_id THEN r.object_id ELSE r.subject_id END, w.depth + 1
            FROM walk w
            JOIN relationships r ON r.user_id = $1 AND (r.subject_id = w.entity_id OR r.object_id = w.entity_id)
            WHERE w.depth < $3 AND (r.valid_to IS NULL OR r.valid_to > now())
        )
        SELECT e.id, e.name, min(w.depth) AS hops
        FROM walk w JOIN entities e ON e.id = w.entity_id
        GROUP BY e.id, e.name ORDER BY hops, e.name
        """
}
