import Foundation

/// Reads a model's extraction reply leniently: the JSON object may be fenced or wrapped in prose,
/// numbers may come as strings, values may be out of range, arrays may be missing, and unknown
/// keys are ignored. Each unusable item is skipped on its own; only a reply with no usable JSON
/// object at all is malformed.
struct ExtractionReplyParser {
    /// Reads dates written without an offset.
    var dates: ExtractionDate
    /// Longest fact text kept; longer "facts" are paragraphs the model copied, not facts.
    var maxFactLength = 1_000
    /// Longest entity name or predicate kept.
    var maxNameLength = 120

    /// When the text was written: a relative event date ("last Friday") resolves from here.
    var reference: Date?
    /// Reads relative event dates.
    private var resolver: TimeExpressionResolver?

    init(timeZone: TimeZone, reference: Date? = nil) {
        dates = ExtractionDate(timeZone: timeZone)
        self.reference = reference
        resolver = reference == nil ? nil : TimeExpressionResolver(timeZone: timeZone)
    }

    /// The items in `reply`, or `ExtractionError(.malformedReply)`.
    func parse(_ reply: String) throws -> ExtractionResult {
        let candidates = JSONObjectLocator.candidates(in: reply)
        for candidate in candidates {
            guard let members = Self.object(candidate) else { continue }
            let keys = Self.normalised(members)
            if Self.sections.contains(where: { keys[$0] != nil }) { return read(keys) }
        }
        // A lone `{}` says "nothing worth remembering". An object of other keys says the model
        // ignored the schema, and an empty object inside a cut-off one is no answer: a retry may fix both.
        if candidates.count == 1, reply.utf8.filter({ $0 == UInt8(ascii: "{") }).count == 1,
            Self.object(candidates[0])?.isEmpty == true
        {
            return ExtractionResult()
        }
        let excerpt = reply.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80)
        throw ExtractionError(
            .malformedReply,
            reply.contains("{")
                ? "the reply holds no complete JSON object with facts, entities, relationships or tasks: \(excerpt)…"
                : "the reply holds no JSON object: \(excerpt)…")
    }

    // MARK: - Sections

    private static let sections = ["facts", "entities", "relationships", "tasks"]
    private static let sectionAliases = [
        "memories": "facts", "fact": "facts", "entity": "entities", "relations": "relationships",
        "relationship": "relationships", "edges": "relationships", "reminders": "tasks", "task": "tasks",
    ]

    private func read(_ members: [String: JSONValue]) -> ExtractionResult {
        var result = ExtractionResult()
        for item in Self.items(members["facts"]) {
            if let fact = fact(item) { result.facts.append(fact) } else { result.skippedItems += 1 }
        }
        for item in Self.items(members["entities"]) {
            if let entity = entity(item) { result.entities.append(entity) } else { result.skippedItems += 1 }
        }
        for item in Self.items(members["relationships"]) {
            if let relationship = relationship(item) {
                result.relationships.append(relationship)
            } else {
                result.skippedItems += 1
            }
        }
        for item in Self.items(members["tasks"]) {
            if let task = task(item) { result.tasks.append(task) } else { result.skippedItems += 1 }
        }
        result.facts = Self.mergingRepeats(result.facts)
        return result
    }

    private func fact(_ item: JSONValue) -> ExtractedFact? {
        let fields = Self.normalised(item)
        guard let text = Self.text(item) ?? Self.text(fields, "text", "fact", "content", "memory", "statement"),
            text.count <= maxFactLength
        else { return nil }
        let expiry = Self.text(fields, "expires_at", "expiresat", "expires", "expiry", "valid_until")
            .flatMap { dates.parse($0, bareDate: .end) }
        let event = Self.text(
            fields, "event_date", "event_time", "eventdate", "event_at", "happened_at", "date", "when"
        )
        .flatMap(eventDate)
        return ExtractedFact(
            text: text, importance: Self.importance(fields["importance"] ?? fields["score"] ?? fields["salience"]),
            expiresAt: expiry, eventAt: event)
    }

    /// When the fact's event happened: an ISO date, else a phrase ("last Friday", "in May 2023")
    /// resolved against ``reference``; nil for a date that does not exist or that no one could
    /// mean (before 1800, or more than a century after the text was written).
    func eventDate(_ text: String) -> Date? {
        let date =
            dates.parse(text, bareDate: .start) ?? reference.flatMap { resolver?.window(in: text, now: $0)?.start }
        guard let date, date.timeIntervalSince1970 >= Self.earliestEvent else { return nil }
        if let reference, date > reference.addingTimeInterval(100 * 365.25 * 86_400) { return nil }
        return date
    }

    /// 1 January 1800, UTC.
    private static let earliestEvent: TimeInterval = -5_364_662_400

    private func entity(_ item: JSONValue) -> ExtractedEntity? {
        let fields = Self.normalised(item)
        guard let name = Self.text(item) ?? Self.text(fields, "name", "entity", "text"), name.count <= maxNameLength,
            !EntityName.canonical(name).isEmpty
        else { return nil }
        let type = Self.text(fields, "type", "entity_type", "entitytype", "kind", "label") ?? "thing"
        return ExtractedEntity(name: name, type: type.count <= maxNameLength ? type : "thing")
    }

    private func relationship(_ item: JSONValue) -> ExtractedRelationship? {
        var parts: [String?]
        if case .array(let values) = item, values.count == 3 {
            parts = values.map { Self.text($0) }
        } else {
            let fields = Self.normalised(item)
            parts = [
                Self.text(fields, "subject", "source", "from", "head"),
                Self.text(fields, "predicate", "relation", "relationship", "verb", "type"),
                Self.text(fields, "object", "target", "to", "tail"),
            ]
        }
        guard let subject = parts[0], let predicate = parts[1], let object = parts[2],
            [subject, predicate, object].allSatisfy({ $0.count <= maxNameLength }),
            !EntityName.canonical(subject).isEmpty, !EntityName.canonical(object).isEmpty,
            !EntityName.predicate(predicate).isEmpty
        else { return nil }
        return ExtractedRelationship(subject: subject, predicate: predicate, object: object)
    }

    private func task(_ item: JSONValue) -> ExtractedTask? {
        let fields = Self.normalised(item)
        guard let description = Self.text(item) ?? Self.text(fields, "description", "task", "text", "title"),
            description.count <= maxFactLength
        else { return nil }
        let due = Self.text(fields, "due_date", "duedate", "due_at", "dueat", "due", "when", "date")
            .flatMap { dates.parse($0, bareDate: .start) }
        return ExtractedTask(description: description, dueAt: due)
    }

    // MARK: - Lenient values

    /// A JSON object parsed from `candidate` (forgiving trailing commas), or nil.
    private static func object(_ candidate: String) -> [String: JSONValue]? {
        for text in [candidate, JSONObjectLocator.removingTrailingCommas(candidate)] {
            if case .object(let members)? = JSONValue(parsing: text) { return members }
        }
        return nil
    }

    /// The top-level members with lower-cased keys and section aliases resolved (`memories` →
    /// `facts`); the canonical spelling wins over an alias.
    private static func normalised(_ members: [String: JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in members {
            let lowered = key.lowercased()
            let name = sectionAliases[lowered] ?? lowered
            if result[name] == nil || sections.contains(lowered) { result[name] = value }
        }
        return result
    }

    /// An item's fields with lower-cased keys (empty for an item that is not an object).
    private static func normalised(_ item: JSONValue) -> [String: JSONValue] {
        guard case .object(let members) = item else { return [:] }
        return Dictionary(members.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
    }

    /// A section's items: its array, one bare item as an array of one, nothing for null or missing.
    private static func items(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        switch value {
        case .array(let values): return values
        case .object, .string: return [value]
        default: return []
        }
    }

    /// Trimmed, white space collapsed, non-empty string content.
    private static func text(_ value: JSONValue?) -> String? {
        guard case .string(let raw)? = value else { return nil }
        let text = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty, !["null", "none", "n/a"].contains(text.lowercased()) else { return nil }
        return text
    }

    private static func text(_ fields: [String: JSONValue], _ keys: String...) -> String? {
        for key in keys { if let value = text(fields[key]) { return value } }
        return nil
    }

    /// 0…1 from a number, a numeric string (`"0.8"`, `"80%"`) or a word (`high`); 0.5 otherwise.
    static func importance(_ value: JSONValue?) -> Double {
        var number: Double?
        switch value {
        case .number(let value)?: number = value
        case .string(let raw)?:
            let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if text.hasSuffix("%") {
                number = Double(text.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
            } else {
                number = Double(text) ?? importanceWords[text]
            }
        default: break
        }
        guard let number, number.isFinite else { return 0.5 }
        return min(1, max(0, number))
    }

    private static let importanceWords: [String: Double] = [
        "critical": 1, "very high": 0.9, "high": 0.8, "medium": 0.5, "moderate": 0.5, "normal": 0.5, "low": 0.2,
        "very low": 0.1,
    ]

    /// One fact per normalised text: the highest importance, the longest-lasting expiry.
    private static func mergingRepeats(_ facts: [ExtractedFact]) -> [ExtractedFact] {
        var result: [ExtractedFact] = []
        var positions: [String: Int] = [:]
        for fact in facts {
            let key = ContentHash.normalise(fact.text)
            guard let position = positions[key] else {
                positions[key] = result.count
                result.append(fact)
                continue
            }
            result[position].importance = max(result[position].importance, fact.importance)
            if let kept = result[position].expiresAt {
                result[position].expiresAt = fact.expiresAt.map { max($0, kept) }
            }
        }
        return result
    }
}
