import MCP
import MemLayer

/// The JSON Schemas of the tools' `structuredContent`; ``StructuredMemory`` builds the values.
enum MemoryToolOutputs {
    /// One memory as every tool returns it.
    static let memoryProperties: [String: Value] = [
        "id": JSONSchema.string("The memory's id (pass it to delete_memory)."),
        "kind": JSONSchema.oneOf(
            MemoryKind.allCases.map(\.rawValue),
            "fact: something learned; turn: a conversation turn kept word for word; document: part of a document."),
        "text": JSONSchema.string("The memory."),
        "date": JSONSchema.string("When it was said or learned (ISO 8601, UTC).", format: "date-time"),
        "importance": JSONSchema.number("0 to 1.", minimum: 0, maximum: 1),
        "conversation": JSONSchema.nullable("string", "The conversation a turn belongs to; null for other kinds."),
    ]
    static let memoryRequired = ["id", "kind", "text", "date", "importance", "conversation"]

    static let memory = JSONSchema.object(memoryProperties, required: memoryRequired)

    static let hit = JSONSchema.object(
        memoryProperties.merging([
            "score": JSONSchema.number(
                "The final ranking score (relevance blended with importance and recency); higher is better."),
            "similarity": JSONSchema.nullable(
                "number", "Cosine similarity of the memory to the query; null when only keywords found it."),
        ]) { first, _ in first },
        required: memoryRequired + ["score", "similarity"])

    static let task = JSONSchema.object(
        [
            "id": JSONSchema.integer("The reminder's id."),
            "description": JSONSchema.string("What to remind the user of."),
            "due_date": JSONSchema.nullable("string", "When it is due (ISO 8601, UTC); null when undated."),
            "status": JSONSchema.oneOf(
                ScheduledTask.Status.allNames, "pending; notified: already mentioned to the user; done."),
            "created_at": JSONSchema.string("When it was scheduled (ISO 8601, UTC).", format: "date-time"),
        ], required: ["id", "description", "due_date", "status", "created_at"])

    static let added = JSONSchema.object(
        [
            "status": JSONSchema.oneOf(
                ["stored", "queued"],
                "stored: saved as written; queued: waiting for the chat model to extract facts from it."),
            "memories": JSONSchema.array(of: memory, "What was stored (empty when queued)."),
            "job_id": JSONSchema.nullable("integer", "The extraction job's id when queued; null when stored."),
        ], required: ["status", "memories", "job_id"])

    static let searched = JSONSchema.object(
        [
            "query": JSONSchema.string("The query searched."),
            "search_tier": JSONSchema.oneOf(SearchTier.allCases.map(\.rawValue), "The tier that ran."),
            "memories": JSONSchema.array(of: hit, "The best memories, best first."),
            "facts": JSONSchema.array(
                of: JSONSchema.object(
                    [
                        "subject": JSONSchema.string("An entity."),
                        "predicate": JSONSchema.string("How they relate."),
                        "object": JSONSchema.string("Another entity."),
                    ], required: ["subject", "predicate", "object"]),
                "Knowledge-graph facts around what the query and the memories name (deep tier; empty otherwise)."),
        ], required: ["query", "search_tier", "memories", "facts"])

    static let listed = JSONSchema.object(
        [
            "memories": JSONSchema.array(of: memory, "This page, newest first."),
            "total": JSONSchema.integer("How many active memories the user has.", minimum: 0),
            "next_offset": JSONSchema.nullable("integer", "The offset of the next page; null on the last page."),
        ], required: ["memories", "total", "next_offset"])

    static let deleted = JSONSchema.object(
        [
            "deleted": JSONSchema.string("The id of the memory deleted."),
            "removed_facts": JSONSchema.array(
                of: JSONSchema.string("subject —predicate→ object"),
                "Knowledge-graph links removed because only this memory stated them."),
        ], required: ["deleted", "removed_facts"])

    static let deletedAll = JSONSchema.object(
        ["deleted_count": JSONSchema.integer("How many memories were deleted.", minimum: 0)],
        required: ["deleted_count"])

    static let scheduled = JSONSchema.object(["task": task], required: ["task"])

    static let tasks = JSONSchema.object(
        ["tasks": JSONSchema.array(of: task, "Soonest due first; undated last.")], required: ["tasks"])
}

extension ScheduledTask.Status {
    /// Every status's wire name.
    static let allNames = ["pending", "notified", "done"]
}
