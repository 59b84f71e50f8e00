import Foundation
import MemLayer

/// Keyword search for one user in a store shared by many: FTS5 intersects the user's rows inside
/// the index (store version 4), so other users' matches should cost little. Measured with the
/// lightweight engine (keyword search and graph only), one user alone against the same user
/// among nine others with as many memories.
struct KeywordScaleBench {
    let memoriesPerUser = 5_000
    let runs = 200

    func run() async throws -> [String] {
        var lines = [
            "| balanced search, lightweight engine, \(memoriesPerUser) memories per user | p50 ms | p90 ms |",
            "| --- | ---: | ---: |",
        ]
        for users in [1, 10] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "memlayer-kw-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteMemoryStore(location: .file(folder.appendingPathComponent("kw.sqlite").path))
            let engine = MemoryEngine(lightweight: store)
            for user in 0..<users {
                try await engine.importMemories(Self.notes(memoriesPerUser), userID: "user\(user)")
            }
            let samples = try await measure(runs: runs, warmup: 10) {
                _ = try await engine.search("where does my sister live", userID: "user0", tier: .balanced, limit: nil)
            }
            lines.append(
                "| one user\(users > 1 ? " of \(users)" : " alone") (\(users * memoriesPerUser) memories in the file) | "
                    + "\(format(samples.p50)) | \(format(samples.p90)) |")
            await store.close()
        }
        return lines
    }

    /// The same templated notes the chat benchmark uses.
    static func notes(_ count: Int) -> [NewMemory] {
        let subjects = ["My sister", "I", "My manager", "Dana", "Our neighbour", "My dentist", "The team", "Grandma"]
        let verbs = ["lives in", "works at", "prefers", "is allergic to", "visited", "talks about", "bought", "hates"]
        let objects = [
            "Lisbon", "Acme Corp", "green tea", "peanuts", "Porto", "the quarterly report", "a red bicycle", "jazz",
        ]
        return (0..<count).map { i in
            NewMemory(text: "\(subjects[i % 8]) \(verbs[(i / 8) % 8]) \(objects[(i / 64) % 8]) (note \(i))")
        }
    }
}
