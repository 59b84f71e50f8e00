import Foundation

/// The interchange form of a memory: one JSON object per line in `memlayer export`, and what
/// `memlayer import` reads.
///
/// `{"id": "...", "text": "...", "created_at": "2024-05-01T10:00:00Z", "importance": 0.5,
/// "metadata": {...}, "embedding": [...], "embedder": "...", "kind": "fact", "expires_at": null,
/// "source": "...", "event_time": "2019-03-01T00:00:00Z", "sources": ["turn-id", ...]}` — only
/// `text` is required. `event_time` is when what a fact tells happened; `sources` are the ids of
/// the kept turns it was learned from (linked on import when those turns are in the store or the
/// same file).
public enum MemoryRecord {
    /// Parses one record. `activeEmbedder` is the store's embedder id: a vector labelled with
    /// another embedder is dropped (the text gets re-embedded) rather than mixed in. A vector that
    /// is kept must have `dimension` numbers (when given) and not be all zeros.
    public static func parse(_ object: Any, line: Int, activeEmbedder: String?, dimension: Int? = nil) throws
        -> NewMemory
    {
        func fail(_ reason: String) -> ImportError { ImportError(line: line, reason: reason) }
        guard let fields = object as? [String: Any] else { throw fail("expected a JSON object") }
        guard let text = fields["text"] as? String else {
            throw fail(fields["text"] == nil ? "missing \"text\"" : "\"text\" must be a string")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw fail("\"text\" is empty") }
        // Refused rather than kept, in every field a store keeps (see NULCharacters).
        for field in ["text", "id", "source", "sources", "metadata"] {
            if let value = fields[field], NULCharacters.found(in: value) { throw fail(NULCharacters.reason(field)) }
        }
        var item = NewMemory(text: text)

        if let id = fields["id"], !(id is NSNull) {
            if let string = id as? String, !string.isEmpty {
                item.id = string
            } else if number(id) != nil, let number = id as? NSNumber {
                item.id = number.stringValue
            } else {
                throw fail("\"id\" must be a non-empty string or a number")
            }
        }
        if let value = fields["importance"], !(value is NSNull) {
            guard let number = number(value), (0...1).contains(number) else {
                throw fail("\"importance\" must be a number from 0 to 1")
            }
            item.importance = number
        }
        item.createdAt = try date(fields["created_at"], name: "created_at", fail: fail)
        item.expiresAt = try date(fields["expires_at"], name: "expires_at", fail: fail)
        item.eventAt = try date(fields["event_time"], name: "event_time", fail: fail)
        if let sources = fields["sources"], !(sources is NSNull) {
            guard let ids = sources as? [String], !ids.contains(where: \.isEmpty) else {
                throw fail("\"sources\" must be an array of turn ids (strings)")
            }
            item.sourceTurnIDs = ids
        }
        if let kind = fields["kind"], !(kind is NSNull) {
            guard let raw = kind as? String, let parsed = MemoryKind(rawValue: raw) else {
                throw fail("\"kind\" must be one of \(MemoryKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            item.kind = parsed
        }
        if let source = fields["source"], !(source is NSNull) {
            guard let string = source as? String else { throw fail("\"source\" must be a string") }
            item.source = string
        }
        if let metadata = fields["metadata"], !(metadata is NSNull) {
            guard metadata is [String: Any] else { throw fail("\"metadata\" must be a JSON object") }
            let data = try JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys])
            item.metadataJSON = String(decoding: data, as: UTF8.self)
        }
        if let embedding = fields["embedding"], !(embedding is NSNull) {
            let numbers = (embedding as? [Any])?.map { number($0).map(Float.init) }
            guard let numbers, !numbers.isEmpty, numbers.allSatisfy({ $0?.isFinite == true }) else {
                throw fail("\"embedding\" must be a non-empty array of finite numbers")
            }
            let vector = numbers.compactMap { $0 }
            let labelled = fields["embedder"] as? String
            if labelled == nil || labelled == activeEmbedder {
                // Checked here, before anything is embedded, so the bad line is named at once.
                if let dimension, vector.count != dimension {
                    throw fail(
                        "\"embedding\" has \(vector.count) numbers, but this store's embedder "
                            + "\(activeEmbedder ?? "") makes \(dimension); remove it to have the text embedded")
                }
                guard vector.contains(where: { $0 != 0 }) else {
                    throw fail(
                        "\"embedding\" is all zeros, which no search can match; remove it to have the text embedded")
                }
                item.embedding = vector
            }
        }
        return item
    }

    /// The JSON object for `memory` (with `vector` when given), ready for `JSONSerialization`.
    public static func object(for memory: Memory, vector: [Float]?, sources: [String] = []) -> [String: Any] {
        var object: [String: Any] = [
            "id": memory.id,
            "text": memory.text,
            "kind": memory.kind.rawValue,
            "importance": memory.importance,
            "created_at": ISO8601.format(memory.createdAt),
            "updated_at": ISO8601.format(memory.updatedAt),
            "status": memory.status.rawValue,
        ]
        if let expiresAt = memory.expiresAt { object["expires_at"] = ISO8601.format(expiresAt) }
        if let eventAt = memory.eventAt { object["event_time"] = ISO8601.format(eventAt) }
        if !sources.isEmpty { object["sources"] = sources }
        if let source = memory.source { object["source"] = source }
        if let metadata = memory.metadataJSON,
            let parsed = try? JSONSerialization.jsonObject(with: Data(metadata.utf8))
        {
            object["metadata"] = parsed
        }
        if let vector, let embedder = memory.embedder {
            object["embedding"] = vector.map { Double($0) }
            object["embedder"] = embedder
        }
        return object
    }

    /// A JSON number as a Double; nil for anything else, booleans included (Foundation hands
    /// both over as NSNumber; a boolean's type code is "c").
    private static func number(_ value: Any) -> Double? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number.doubleValue
    }

    private static func date(_ value: Any?, name: String, fail: (String) -> ImportError) throws -> Date? {
        guard let value, !(value is NSNull) else { return nil }
        guard let string = value as? String, let date = ISO8601.parse(string) else {
            throw fail("\"\(name)\" must be an ISO-8601 date such as 2024-05-01T10:00:00Z")
        }
        return date
    }
}
