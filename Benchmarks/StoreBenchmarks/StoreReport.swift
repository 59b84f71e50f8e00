import Foundation

/// The Markdown tables of a run.
struct StoreReport {
    let settings: String
    let passes: String
    let questions: Int
    let efSearches: [Int]

    func tables(_ runs: [(dataset: StoreDataset, results: [StoreResult], seconds: Double)]) -> [String] {
        let machine = ProcessInfo.processInfo
        var lines = [
            "Machine: \(machine.activeProcessorCount) cores, \(machine.physicalMemory >> 30) GB; "
                + "load average at the end \(loadAverage()). PostgreSQL: \(settings).",
            "",
            "Data: the measured user holds N facts; 9 other users share N/4 more in the same store (every fifth "
                + "row), so each search filters by user. Texts are generated sentences (`SentenceCorpus`). Query "
                + "vectors are MiniLM embeddings of \(questions) questions, made before timing: the rounds time the "
                + "store and the ranking, not the embedder. \(passes) after one untimed pass.",
            "",
            "| N (user's memories) | vectors | store | search round p50 ms | p90 ms | CPU ms per round | "
                + "vector top-10 p50 ms | p90 ms | top-10 recall vs PostgreSQL exact | round's phases, p50 ms |",
            "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for run in runs {
            for result in run.results {
                let t = result.timings
                let cells = [
                    "\(run.dataset.size)", run.dataset.vectors.label, result.store, format(t.round.p50, 2),
                    format(t.round.p90, 2), format(t.cpuPerRound, 2), format(t.vector.p50, 2), format(t.vector.p90, 2),
                    result.recall.map { format($0, 3) } ?? "",
                    SearchTimings.phaseNames.compactMap { name in
                        t.phases[name].map { "\(name) \(format($0.p50, 2))" }
                    }.joined(separator: ", "),
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        let efList = efSearches.map(String.init).joined(separator: " and ")
        lines += [
            "",
            "Search round: `MemoryEngine.search` at the balanced tier (what `search_memory` runs): vector and keyword "
                + "candidates, fusion, access counts, the tool text. CPU per round counts this process and, for "
                + "PostgreSQL, every server process. Phases: the round's trace (the keyword search runs beside the "
                + "vector search). Vector top-10: the store's `vectorCandidates` alone. HNSW: pgvector, m 16, "
                + "ef_construction 64, relaxed-order iterative scans, ef_search \(efList) (one "
                + "index, searched with each).",
            "",
            "| N | store | import, user's rows/s | import, other users' rows/s | before the first search "
                + "| whole size, s |",
            "| ---: | --- | ---: | ---: | --- | ---: |",
        ]
        for run in runs {
            for result in run.results {
                lines.append(
                    "| \(run.dataset.size) | \(result.store) | \(format(result.importRate, 0)) | "
                        + "\(format(result.othersRate, 0)) | \(result.preparation.joined(separator: "; ")) | "
                        + "\(format(run.seconds, 0)) |")
            }
        }
        lines += [
            "",
            "Import: `MemoryEngine.importRecords` (what `memlayer import` calls) with the vectors supplied, one call "
                + "per user per batch of rows (a file each); PostgreSQL HNSW shares the exact store's import, its "
                + "index is built afterwards.",
        ]
        return lines
    }

    private func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { format($0, 1) }.joined(separator: " ")
    }
}
