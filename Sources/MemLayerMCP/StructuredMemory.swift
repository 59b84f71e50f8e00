import Foundation
import MCP
import MemLayer

/// Memories, hits and tasks as the `structuredContent` values ``MemoryToolOutputs`` describes.
enum StructuredMemory {
    static func memory(_ memory: Memory) -> [String: Value] {
        [
            "id": .string(memory.id),
            "kind": .string(memory.kind.rawValue),
            "text": .string(memory.text),
            "date": .string(ISO8601.format(memory.createdAt)),
            "importance": .double(memory.importance),
            "conversation": TurnPlace(of: memory).map { .string($0.conversation) } ?? .null,
        ]
    }

    static func hit(_ hit: SearchHit, score: SearchScore?) -> Value {
        var object = memory(hit.memory)
        object["score"] = .double(Double(hit.score))
        object["similarity"] = score?.similarity.map { .double(Double($0)) } ?? .null
        return .object(object)
    }

    static func task(_ task: ScheduledTask) -> Value {
        .object([
            "id": .int(Int(task.id)),
            "description": .string(task.description),
            "due_date": task.dueAt.map { .string(ISO8601.format($0)) } ?? .null,
            "status": .string(task.status.rawValue),
            "created_at": .string(ISO8601.format(task.createdAt)),
        ])
    }

    static func fact(_ fact: GraphFact) -> Value {
        .object([
            "subject": .string(fact.subject), "predicate": .string(fact.predicate), "object": .string(fact.object),
        ])
    }
}
