import Foundation

extension CLIRunner {
    /// Starts `memlayer ARGS --store <temp store>` and returns at once, for tests that stop the
    /// process themselves. Its output is discarded.
    func spawn(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let started = process(arguments, environment: environment)
        try started.run()
        return started
    }

    /// `memlayer export --json` for `user`, parsed.
    func exported(user: String = "default") throws -> [[String: Any]] {
        let result = try run(["export", "--json", "--user", user])
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    /// The store's queued extraction jobs, from `memlayer stats --json`.
    func queuedJobs() throws -> Int {
        let stats = try run(["stats", "--json"]).stdout
        let object = try? JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any]
        return (object?["queued_extraction_jobs"] as? Int) ?? -1
    }
}

extension CLIRunner {
    /// The `memories` of a `search --json` object; nil when the output is not that object.
    static func hits(_ stdout: String) -> [[String: Any]]? {
        let object = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        return object?["memories"] as? [[String: Any]]
    }
}
