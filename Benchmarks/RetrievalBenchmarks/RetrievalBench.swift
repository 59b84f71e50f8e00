import Foundation
import MemLayer

/// `memlayer-bench-retrieval`: evidence recall@5 and @10 on the development set
/// (`Benchmarks/retrieval/dev`), per question category, for each search tier over the imported
/// conversations, against plain BM25 and plain vector search over the same messages. Prints a
/// Markdown table; the questions each retriever missed go to standard error.
///
///     memlayer-bench-retrieval [--set DIR] [--cli PATH-TO-memlayer]
///
/// With `--cli`, the store is written by the real binary (`memlayer import --conversations`) and
/// `memlayer search --json -k 10` must return what the engine returns on it. With
/// `MEMLAYER_EVAL_BASE_URL` and `MEMLAYER_EVAL_MODEL` set, facts are extracted by that model too.
@main
struct RetrievalBench {
    static let userID = "dev"

    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap {
                arguments.index(after: $0) < arguments.endIndex ? arguments[$0 + 1] : nil
            }
        }
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let set = try DevSet(
            folder: value("--set").map { URL(fileURLWithPath: $0) }
                ?? root.appendingPathComponent("Benchmarks/retrieval/dev"))
        let models =
            ProcessInfo.processInfo.environment["MEMLAYER_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("models")
        let minilm = try MiniLMEmbedder(directory: models.appendingPathComponent("cache/all-MiniLM-L6-v2"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memlayer-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var lines = [
            "# Evidence recall on the development set", "",
            "\(set.messages.count) messages in \(Set(set.messages.map(\.conversation)).count) conversations, "
                + "\(set.questions.count) questions ("
                + DevSet.categories.map { category in
                    "\(set.questions.filter { $0.category == category }.count) \(category)"
                }.joined(separator: ", ") + "). Cells: recall@5 / recall@10.", "",
        ]

        // The store measured: written by the real CLI when given, else by the same engine call in process.
        let storePath = folder.appendingPathComponent("turns.sqlite").path
        let cli = value("--cli").map { CLICheck(binary: URL(fileURLWithPath: $0)) }
        if let cli {
            let output = try cli.importConversations(set.conversationsFile, store: storePath, userID: userID)
            lines.append("Imported by the CLI: `\(output.trimmingCharacters(in: .whitespacesAndNewlines))`.")
        } else {
            let store = try SQLiteMemoryStore(location: .file(storePath))
            let engine = try await MemoryEngine(store: store, embedder: minilm)
            let summary = try await engine.importConversations(set.messages, userID: userID)
            await store.close()
            lines.append("Imported in process (`MemoryEngine.importConversations`): \(summary.turns) turns.")
        }
        let store = try SQLiteMemoryStore(location: .file(storePath))
        let engine = try await MemoryEngine(store: store, embedder: minilm)
        let retriever = EngineRetriever(engine: engine, userID: userID)
        let table = RecallTable(questions: set.questions)
        var report = RecallReport()

        let bm25 = try BM25Baseline(turns: set.turnTexts)
        defer { bm25.close() }
        report.rows.append(
            .init(
                label: "baseline: plain BM25 (FTS5 bm25 over the turn texts)",
                recall: try await table.recall { k, question in Set(try bm25.search(question.question, limit: k)) }))
        let vector = try await VectorBaseline(turns: set.turnTexts, embedder: minilm)
        report.rows.append(
            .init(
                label: "baseline: plain vector (MiniLM cosine over the turn texts)",
                recall: try await table.recall { k, question in
                    Set(try await vector.search(question.question, limit: k))
                }))
        // Diagnostics, not targets: the same baselines over the words without `Speaker:` in front.
        let bm25Words = try BM25Baseline(turns: set.wordsAlone)
        defer { bm25Words.close() }
        report.rows.append(
            .init(
                label: "diagnostic: plain BM25 over the words alone (no speaker name)",
                recall: try await table.recall { k, question in Set(try bm25Words.search(question.question, limit: k)) }
            ))
        let vectorWords = try await VectorBaseline(turns: set.wordsAlone, embedder: minilm)
        report.rows.append(
            .init(
                label: "diagnostic: plain vector over the words alone (no speaker name)",
                recall: try await table.recall { k, question in
                    Set(try await vectorWords.search(question.question, limit: k))
                }))
        for tier in SearchTier.allCases {
            for neighbours in tier == .fast ? [false] : [false, true] {
                report.rows.append(
                    .init(
                        label:
                            "turns only: \(tier.rawValue) tier, \(neighbours ? "results + neighbours shown" : "results")",
                        recall: try await table.recall { k, question in
                            try await retriever.shown(question.question, tier: tier, k: k, neighbours: neighbours)
                        }))
            }
        }
        try await reportMisses(set, retriever)

        if let cli {
            var same = 0
            for question in set.questions {
                let viaCLI = try cli.search(question.question, store: storePath, userID: userID, k: 10)
                let inProcess = try await retriever.hitIDs(question.question, tier: .balanced, k: 10)
                if viaCLI == inProcess {
                    same += 1
                } else {
                    FileHandle.standardError.write(
                        Data("CLI differs on \(question.id): \(viaCLI) vs \(inProcess)\n".utf8))
                }
            }
            lines.append(
                "`memlayer search --json -k 10` returned the same ids in the same order as the balanced tier in "
                    + "process for \(same) of \(set.questions.count) questions.")
        }
        await store.close()

        if let extraction = FactExtraction(environment: ProcessInfo.processInfo.environment) {
            // Extraction by a small local model takes seconds per message: `--fact-conversations N`
            // measures the fact rows on the first N conversations and the questions answered there.
            let limit = value("--fact-conversations").flatMap(Int.init)
            let subset = limit.map { set.firstConversations($0) }
            let factSet = subset?.messages ?? set.messages
            let factQuestions = subset?.questions ?? set.questions
            report.rows += try await factRows(
                factSet, extraction, minilm, folder, RecallTable(questions: factQuestions),
                scope: subset.map { _ in " (subset)" } ?? "")
            lines.append("Facts extracted by \(extraction.label).")
            if let limit {
                lines.append(
                    "Rows marked (subset): the first \(limit) conversations (\(factSet.count) messages) and the "
                        + "\(factQuestions.count) questions whose evidence is all in them, turns measured on the same subset."
                )
            }
        } else {
            let reason = "no extraction model configured (set MEMLAYER_EVAL_BASE_URL and MEMLAYER_EVAL_MODEL)"
            report.rows.append(.init(label: "facts only (any tier)", recall: nil, reason: reason))
            report.rows.append(.init(label: "turns + facts (any tier)", recall: nil, reason: reason))
        }
        lines += [""] + report.lines
        print(lines.joined(separator: "\n"))
    }

    /// Turns and extracted facts together, then the facts alone (the turns forgotten).
    static func factRows(
        _ messages: [ConversationMessage], _ extraction: FactExtraction, _ minilm: MiniLMEmbedder, _ folder: URL,
        _ table: RecallTable, scope: String
    ) async throws -> [RecallReport.Row] {
        var rows: [RecallReport.Row] = []
        if !scope.isEmpty {
            let turnStore = try SQLiteMemoryStore(location: .file(folder.appendingPathComponent("subset.sqlite").path))
            let turnEngine = try await MemoryEngine(store: turnStore, embedder: minilm)
            _ = try await turnEngine.importConversations(messages, userID: userID)
            let turnsOnly = EngineRetriever(engine: turnEngine, userID: userID)
            rows.append(
                .init(
                    label: "turns only\(scope): balanced tier, results + neighbours shown",
                    recall: try await table.recall { k, question in
                        try await turnsOnly.shown(question.question, tier: .balanced, k: k, neighbours: true)
                    }))
            await turnStore.close()
        }
        let store = try SQLiteMemoryStore(location: .file(folder.appendingPathComponent("facts.sqlite").path))
        let engine = try await MemoryEngine(store: store, embedder: minilm)
        let sources = try await extraction.run(messages, engine: engine, userID: userID)
        let retriever = EngineRetriever(engine: engine, userID: userID, factSources: sources)
        for tier in SearchTier.allCases {
            rows.append(
                .init(
                    label: "turns + \(sources.count) facts\(scope): \(tier.rawValue) tier"
                        + (tier == .fast ? ", results" : ", results + neighbours shown"),
                    recall: try await table.recall { k, question in
                        try await retriever.shown(question.question, tier: tier, k: k, neighbours: tier != .fast)
                    }))
        }
        for message in messages { _ = try await store.forget(id: message.id ?? "", userID: userID) }
        for tier in SearchTier.allCases {
            rows.append(
                .init(
                    label: "facts only (\(sources.count))\(scope): \(tier.rawValue) tier",
                    recall: try await table.recall { k, question in
                        try await retriever.shown(question.question, tier: tier, k: k, neighbours: false)
                    }))
        }
        await store.close()
        return rows
    }

    /// What the default search (balanced, 10 results, neighbours shown) missed, per question.
    static func reportMisses(_ set: DevSet, _ retriever: EngineRetriever) async throws {
        var lines = ["missed by the balanced tier at k = 10 (results + neighbours shown):"]
        for question in set.questions {
            let shown = try await retriever.shown(question.question, tier: .balanced, k: 10, neighbours: true)
            let missed = question.evidence.filter { !shown.contains($0) }
            guard !missed.isEmpty else { continue }
            let top = try await retriever.hitIDs(question.question, tier: .balanced, k: 5)
            lines.append(
                "  \(question.id) [\(question.category)] \(question.question) — missed \(missed.joined(separator: ", "))"
                    + "; top 5: \(top.joined(separator: ", "))")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
