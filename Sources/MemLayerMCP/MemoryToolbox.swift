import Foundation
import MCP
import MemLayer

/// Runs the tools of ``MemoryToolCatalog`` for one user over one engine. Every outcome is a
/// `CallTool.Result`: a bad call or a failure is a result with `isError` and a message the
/// calling model can act on, never a thrown error or a crash.
struct MemoryToolbox: Sendable {
    /// The most memories one call returns.
    static let maximumLimit = 100
    /// `list_memories`' page size when the call names none.
    static let defaultPageSize = 20

    let engine: MemoryEngine
    /// Whose memory every call reaches: the server's `--user`, never a tool argument.
    let userID: String
    /// Wakes the extraction worker after a note is queued; nil when the server has no chat model,
    /// and `add_memory` then stores text as written.
    let extraction: (@Sendable () -> Void)?
    /// The clock due dates are checked against.
    var now: @Sendable () -> Date = { Date() }
    /// Receives each search's phases and durations (`memlayer mcp --trace`); nil: not traced.
    var searchTrace: (@Sendable (Trace) -> Void)?

    /// Runs tool `name` with `arguments`.
    func call(_ name: String, arguments: [String: Value]?) async -> CallTool.Result {
        do {
            switch name {
            case MemoryToolCatalog.addMemory.name: return try await addMemory(arguments)
            case MemoryToolCatalog.searchMemory.name: return try await searchMemory(arguments)
            case MemoryToolCatalog.listMemories.name: return try await listMemories(arguments)
            case MemoryToolCatalog.deleteMemory.name: return try await deleteMemory(arguments)
            case MemoryToolCatalog.deleteAllMemories.name: return try await deleteAllMemories(arguments)
            case MemoryToolCatalog.scheduleTask.name: return try await scheduleTask(arguments)
            case MemoryToolCatalog.listTasks.name: return try await listTasks(arguments)
            default:
                let names = MemoryToolCatalog.tools.map(\.name).joined(separator: ", ")
                return Self.failure("there is no tool named \"\(name)\"; the tools are \(names)")
            }
        } catch let error as ToolCallError {
            return Self.failure(error.message)
        } catch let error as StoreError where error.kind == .closed {
            return Self.failure("\(name) did not run: the memory server is shutting down")
        } catch {
            return Self.failure("\(name) failed: \(error)")
        }
    }

    /// A successful result: `text` for the model, `structured` matching the tool's output schema.
    static func success(_ text: String, _ structured: [String: Value]) -> CallTool.Result {
        CallTool.Result(
            content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: .object(structured),
            isError: false)
    }

    /// A tool error: the call reached the tool, which could not do what was asked.
    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: "error: " + message, annotations: nil, _meta: nil)], isError: true)
    }
}
