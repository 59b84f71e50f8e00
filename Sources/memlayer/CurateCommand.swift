import ArgumentParser
import Foundation
import MemLayer

/// `memlayer curate [--dry-run]`: one curation pass, and what it changed.
struct CurateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Delete expired memories, archive faded ones, and drop graph edges left without a source.",
        discussion: """
            A memory's score is its importance, halving every half-life it goes unused; the half-life \
            grows with importance and with every use. Below 0.05 (and unused for a week) it is archived: \
            kept in the file, never returned by search. Unused, a memory of importance 0.2 lasts about \
            74 days, 0.5 about 17 months, 0.9 about 13 years. Conversation turns do not decay and are never \
            deleted: a turn unused for a year whose extraction is done is archived (kept in the file and in \
            export). Every change is logged in the history.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Report what a pass would change without changing anything.")
    var dryRun = false

    @Flag(help: "Curate every user's memories, not just --user's.")
    var allUsers = false

    @Flag(help: "Print one JSON object {dry_run, reports: [{user, deleted, archived, ...}]}.")
    var json = false

    func run() async throws {
        let store = try await options.openStore()
        let reports = try await Curator(store: store).curate(allUsers ? .allUsers : .user(options.user), dryRun: dryRun)
        await store.close()
        if json {
            let object: [String: Any] = ["dry_run": dryRun, "reports": reports.map(Self.object(for:))]
            return try StandardOutput.line(try JSONOutput.string(object))
        }
        if dryRun { print("dry run: nothing was changed; a real pass would do this") }
        if reports.isEmpty { print("no memories to curate") }
        for report in reports { print(Self.text(for: report)) }
    }

    static func text(for report: CurationReport) -> String {
        guard !report.isEmpty else { return "user \(report.userID): nothing to curate" }
        var lines = [
            "user \(report.userID): \(report.deleted.count) deleted (expired), \(report.archived.count) archived (decayed), "
                + "\(count(report.archivedTurns.count, "turn", "turns")) archived (old), "
                + "\(count(report.removedRelationships.count, "graph edge", "graph edges")) and "
                + "\(count(report.removedEntities.count, "entity", "entities")) removed"
        ]
        if !report.deleted.isEmpty { lines.append("deleted: " + report.deleted.joined(separator: ", ")) }
        if !report.archived.isEmpty { lines.append("archived: " + report.archived.joined(separator: ", ")) }
        if !report.archivedTurns.isEmpty {
            lines.append("turns archived: " + report.archivedTurns.joined(separator: ", "))
        }
        lines += report.removedRelationships.map { "edge removed: \($0)" }
        lines += report.removedEntities.map { "entity removed: \($0)" }
        return lines.joined(separator: "\n")
    }

    private static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }

    static func object(for report: CurationReport) -> [String: Any] {
        [
            "user": report.userID,
            "dry_run": report.dryRun,
            "deleted": report.deleted,
            "archived": report.archived,
            "archived_turns": report.archivedTurns,
            "removed_relationships": report.removedRelationships.map(GraphCommand.object(for:)),
            "removed_entities": report.removedEntities,
        ]
    }
}
