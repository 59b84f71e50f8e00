import Foundation

/// Where imported turns go in conversations the store already keeps turns of, the same in every
/// store: a turn whose id is kept already keeps its place; a new one is numbered after the last
/// kept turn of its conversation, in the order given.
package enum ImportedTurnPlaces {
    /// The kept turns of one conversation: each one's position by memory id, and the last position.
    package typealias KeptPositions = (positions: [String: Int], last: Int)

    /// `memories` with each turn's `position` (in its metadata) made consistent with the turns
    /// kept already; `keptPositions(conversation)` reads those from the store, once per
    /// conversation. Memories that are not turns, or have no conversation or id, are unchanged.
    package static func placed(
        _ memories: [NewMemory], keptPositions: (_ conversation: String) throws -> KeptPositions
    ) throws -> [NewMemory] {
        var kept: [String: KeptPositions] = [:]
        var placed = memories
        for (offset, item) in memories.enumerated() {
            guard item.kind == .turn, let json = item.metadataJSON,
                var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
                let conversation = object["conversation"] as? String, let id = item.id
            else { continue }
            var places = try kept[conversation] ?? keptPositions(conversation)
            let position = places.positions[id] ?? places.last + 1
            places.positions[id] = position
            places.last = max(places.last, position)
            kept[conversation] = places
            guard object["position"] as? Int != position else { continue }
            object["position"] = position
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            placed[offset].metadataJSON = String(decoding: data, as: UTF8.self)
        }
        return placed
    }
}
