import MCP
import MemLayer

/// The tools `memlayer mcp` offers: names, descriptions written for the calling model (when to
/// use each), input and output JSON Schemas, and annotations that say what each one changes.
///
/// No tool takes a user: the server's `--user` decides whose memory every call reaches.
enum MemoryToolCatalog {
    static let addMemory = Tool(
        name: "add_memory",
        title: "Remember",
        description: """
            Save something the user shared that will still matter later: a fact about them, a preference, a \
            person, a plan or a decision. Use it when the user tells you something lasting or asks you to \
            remember it; don't save small talk or what is already in memory. When the server has a chat \
            model, the text is queued and distilled into facts in the background; otherwise it is stored \
            as written. Identical text is stored once.
            """,
        inputSchema: JSONSchema.object(
            [
                "text": JSONSchema.string(
                    "What to remember, as a self-contained statement (\"The user's sister Dana lives in Porto\").",
                    minLength: 1),
                "importance": JSONSchema.number(
                    "How much it matters, 0 to 1 (default 0.5): important memories rank higher and fade slower.",
                    minimum: 0, maximum: 1),
            ], required: ["text"]),
        annotations: .init(
            title: "Remember", readOnlyHint: false, destructiveHint: false, idempotentHint: false,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.added)

    static let searchMemory = Tool(
        name: "search_memory",
        title: "Search memory",
        description: """
            Search the user's long-term memory: facts about them, their preferences, people, plans and past \
            conversations. Use it before answering anything personal or anything that may depend on what \
            you know about the user, and before saying you don't know something about them. Results are \
            best first, each with its id, kind, date and score.
            """,
        inputSchema: JSONSchema.object(
            [
                "query": JSONSchema.string("What to look for, in a few words.", minLength: 1),
                "search_tier": JSONSchema.oneOf(
                    SearchTier.allCases.map(\.rawValue),
                    "fast: one quick fact (2 results); balanced (default): most questions (5); deep: questions "
                        + "connecting several facts (10, plus knowledge-graph facts)."),
                "limit": JSONSchema.integer(
                    "How many memories to return instead of the tier's count.", minimum: 1,
                    maximum: MemoryToolbox.maximumLimit),
            ], required: ["query"]),
        annotations: .init(
            title: "Search memory", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.searched)

    static let listMemories = Tool(
        name: "list_memories",
        title: "List memories",
        description: """
            List the user's memories, newest first, a page at a time. Use it when the user asks what you \
            remember about them or to review or clean up their memory; to answer a question, use \
            search_memory instead.
            """,
        inputSchema: JSONSchema.object([
            "limit": JSONSchema.integer(
                "How many memories per page (default \(MemoryToolbox.defaultPageSize)).", minimum: 1,
                maximum: MemoryToolbox.maximumLimit),
            "offset": JSONSchema.integer("How many of the newest memories to skip (default 0).", minimum: 0),
        ]),
        annotations: .init(
            title: "List memories", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.listed)

    static let deleteMemory = Tool(
        name: "delete_memory",
        title: "Forget one memory",
        description: """
            Delete one memory by its id (from search_memory or list_memories), with the knowledge-graph \
            links only it stated. Use it when the user asks you to forget something or says a memory is \
            wrong; it cannot be undone.
            """,
        inputSchema: JSONSchema.object(
            ["id": JSONSchema.string("The memory's id.", minLength: 1)], required: ["id"]),
        annotations: .init(
            title: "Forget one memory", readOnlyHint: false, destructiveHint: true, idempotentHint: true,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.deleted)

    static let deleteAllMemories = Tool(
        name: "delete_all_memories",
        title: "Forget everything",
        description: """
            Delete every memory, reminder and queued note of the user. Use it only when the user explicitly \
            asks to erase all of their memory, and pass confirm: true; it cannot be undone.
            """,
        inputSchema: JSONSchema.object(
            ["confirm": JSONSchema.boolean("Must be true: the user asked to erase all of their memory.")],
            required: ["confirm"]),
        annotations: .init(
            title: "Forget everything", readOnlyHint: false, destructiveHint: true, idempotentHint: true,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.deletedAll)

    static let scheduleTask = Tool(
        name: "schedule_task",
        title: "Schedule a reminder",
        description: """
            Schedule a reminder for the user. Use it only when the user asks to be reminded of something at \
            a given time; resolve relative times ("tomorrow at 9") from the current date and the user's time \
            zone. The same reminder asked for twice is scheduled once.
            """,
        inputSchema: JSONSchema.object(
            [
                "task_description": JSONSchema.string("What to remind the user of.", minLength: 1),
                "due_date": JSONSchema.string(
                    "When, as an ISO-8601 date-time with time zone, e.g. 2026-05-01T09:00:00+02:00.", minLength: 1),
            ], required: ["task_description", "due_date"]),
        annotations: .init(
            title: "Schedule a reminder", readOnlyHint: false, destructiveHint: false, idempotentHint: true,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.scheduled)

    static let listTasks = Tool(
        name: "list_tasks",
        title: "List reminders",
        description: """
            List the user's open reminders (pending, or already mentioned to them), soonest due first. Use it \
            when the user asks what they have planned or what you were to remind them of.
            """,
        inputSchema: JSONSchema.object([
            "include_done": JSONSchema.boolean("Also list reminders marked done (default false).")
        ]),
        annotations: .init(
            title: "List reminders", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false),
        outputSchema: MemoryToolOutputs.tasks)

    /// Every tool, in the order `tools/list` gives them.
    static let tools = [
        addMemory, searchMemory, listMemories, deleteMemory, deleteAllMemories, scheduleTask, listTasks,
    ]
}
