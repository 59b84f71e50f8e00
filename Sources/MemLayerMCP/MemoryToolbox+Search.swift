import Foundation
import MCP
import MemLayer

extension MemoryToolbox {
    /// The chat's `search_memory`: the same tiers, the same text for the model, plus the hits as
    /// structured content.
    func searchMemory(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(
            tool: "search_memory", arguments: raw, accepted: ["query", "search_tier", "limit"])
        let query = try arguments.text("query")
        var tier = SearchTier.balanced
        if let name = try arguments.optionalText("search_tier") {
            guard let parsed = SearchTier(rawValue: name.lowercased()) else {
                throw ToolCallError("search_tier must be one of fast, balanced, deep (got \(name))")
            }
            tier = parsed
        }
        let limit = try arguments.integer("limit", in: 1...Self.maximumLimit)
        let result = try await engine.search(query, userID: userID, tier: tier, limit: limit, now: now())
        searchTrace?(result.trace)
        return Self.success(
            result.text,
            [
                "query": .string(query), "search_tier": .string(tier.rawValue),
                "memories": .array(result.hits.map { StructuredMemory.hit($0, score: result.scores[$0.memory.id]) }),
                "facts": .array(result.graphFacts.map(StructuredMemory.fact)),
            ])
    }
}
