import Foundation

/// The Markdown table: one row per retriever, recall@5 / recall@10 per category and overall.
struct RecallReport {
    /// One retriever's recall (`[k: [category: recall]]`), or why it was not measured.
    struct Row {
        var label: String
        var recall: [Int: [String: Double]]?
        var reason = ""
    }

    var rows: [Row] = []

    var lines: [String] {
        let columns = DevSet.categories + ["overall"]
        var lines = [
            "| retriever | " + columns.map { "\($0) @5 / @10" }.joined(separator: " | ") + " |",
            "| --- |" + String(repeating: " ---: |", count: columns.count),
        ]
        for row in rows {
            guard let recall = row.recall else {
                lines.append(
                    "| \(row.label) | not measured: \(row.reason) |" + String(repeating: " |", count: columns.count - 1)
                )
                continue
            }
            let cells = columns.map { column in
                RecallTable.cutoffs.map { String(format: "%.2f", recall[$0]?[column] ?? .nan) }.joined(separator: " / ")
            }
            lines.append("| \(row.label) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }
}
