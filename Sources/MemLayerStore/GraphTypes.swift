import Foundation

/// A person, place, organisation or thing the user's memories mention.
public struct Entity: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var userID: String
    /// The name as first written.
    public var name: String
    /// The matching key: lower-cased, white space collapsed (see ``EntityName``).
    public var canonicalName: String
    /// `person`, `organization`, `place`, `thing`, ... as the extractor labelled it.
    public var type: String
    /// Other spellings seen for the same entity.
    public var aliases: [String]
}

/// One edge of the knowledge graph: `subject —predicate→ object`.
public struct GraphFact: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var subject: String
    public var predicate: String
    public var object: String

    public init(subject: String, predicate: String, object: String) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }

    public var description: String { "\(subject) —\(predicate)→ \(object)" }
}

/// How entity names are matched: case and white space never make two entities, but different
/// names stay different ("Dana" and "Dana Smith" may be two people; nothing merges them).
public enum EntityName {
    /// The matching key for `name`: lower-cased, runs of white space collapsed, surrounding
    /// punctuation and a leading "the " dropped.
    public static func canonical(_ name: String) -> String {
        var key = name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        key = key.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        if key.hasPrefix("the ") && key.count > 4 { key.removeFirst(4) }
        return key
    }

    /// A predicate as stored: lower-cased, white space to underscores (`works at` → `works_at`).
    public static func predicate(_ text: String) -> String {
        text.lowercased().split { $0.isWhitespace || $0 == "-" }.joined(separator: "_")
    }
}
