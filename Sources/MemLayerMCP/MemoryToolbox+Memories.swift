import Foundation
import MCP
import MemLayer

extension MemoryToolbox {
    func addMemory(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "add_memory", arguments: raw, accepted: ["text", "importance"])
        let text = try arguments.text("text")
        let importance = try arguments.number("importance", in: 0...1)
        let job = try await engine.enqueueNote(text, userID: userID, importance: importance, source: "mcp", now: now())
        if let extraction {
            extraction()
            return Self.success(
                "queued for extraction as job \(job): the chat model will distill it into memories in the background",
                ["status": "queued", "memories": [], "job_id": .int(Int(job))])
        }
        // Through the queue, as `memlayer remember` does offline: identical text is refreshed, not copied.
        let kept = try await engine.keepAsWritten(
            jobIDs: [job], reason: "stored as written: the MCP server has no chat model", now: now())
        let lines = kept.map { "stored memory \($0.id): \($0.text)" }
        return Self.success(
            lines.joined(separator: "\n"),
            [
                "status": "stored", "memories": .array(kept.map { .object(StructuredMemory.memory($0)) }),
                "job_id": .null,
            ])
    }

    func listMemories(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "list_memories", arguments: raw, accepted: ["limit", "offset"])
        let limit = try arguments.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultPageSize
        let offset = try arguments.integer("offset", in: 0...Int(Int32.max)) ?? 0
        let page = try await engine.store.activeMemories(userID: userID, limit: limit, offset: offset, now: now())
        let next = offset + page.memories.count < page.total ? offset + page.memories.count : nil
        var lines = [
            page.memories.isEmpty
                ? "No memories\(offset > 0 ? " past the first \(offset)" : "") (\(page.total) in all)."
                : "Memories \(offset + 1)–\(offset + page.memories.count) of \(page.total), newest first:"
        ]
        for (index, memory) in page.memories.enumerated() {
            lines.append(
                "[\(offset + index + 1)] (\(ISO8601.format(memory.createdAt).prefix(10)), id \(memory.id)) \(memory.text)"
            )
        }
        if let next { lines.append("More: list_memories with offset \(next).") }
        return Self.success(
            lines.joined(separator: "\n"),
            [
                "memories": .array(page.memories.map { .object(StructuredMemory.memory($0)) }),
                "total": .int(page.total), "next_offset": next.map { .int($0) } ?? .null,
            ])
    }

    func deleteMemory(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "delete_memory", arguments: raw, accepted: ["id"])
        let id = try arguments.text("id")
        let removed: [GraphFact]
        do {
            removed = try await engine.store.forget(id: id, userID: userID, reason: "deleted through MCP", now: now())
        } catch let error as StoreError where error.kind == .notFound {
            throw ToolCallError("there is no memory with id \(id); search_memory and list_memories give the ids")
        }
        var text = "deleted memory \(id)"
        if !removed.isEmpty {
            text += "; knowledge-graph links only it stated: " + removed.map(\.description).joined(separator: "; ")
        }
        return Self.success(
            text, ["deleted": .string(id), "removed_facts": .array(removed.map { .string($0.description) })])
    }

    func deleteAllMemories(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "delete_all_memories", arguments: raw, accepted: ["confirm"])
        guard try arguments.flag("confirm") == true else {
            throw ToolCallError(
                "delete_all_memories erases everything the user has in memory; pass \"confirm\": true only when "
                    + "the user asked for that. Nothing was deleted")
        }
        let count = try await engine.store.forgetAll(userID: userID, reason: "deleted through MCP", now: now())
        return Self.success(
            "deleted all \(count) memories, with the user's reminders and queued notes", ["deleted_count": .int(count)])
    }
}
