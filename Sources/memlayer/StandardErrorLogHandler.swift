import Logging

/// The CLI's log: the library's messages on standard error as `memlayer: …` lines, warnings and
/// worse by default, so a command's output is what it was before the library logged through
/// swift-log. `MEMLAYER_LOG_LEVEL` (`trace` … `critical`) shows more or less; lines below warning
/// name their level. Metadata follows the message as `key=value`.
struct StandardErrorLogHandler: LogHandler {
    static let levelVariable = "MEMLAYER_LOG_LEVEL"

    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Makes every logger of the process write here, at the level `MEMLAYER_LOG_LEVEL` names
    /// (warning when it is unset; an unknown name is said once and warning is used).
    static func bootstrap() {
        let level = configuredLevel()
        LoggingSystem.bootstrap { _ in StandardErrorLogHandler(logLevel: level) }
    }

    /// The level `MEMLAYER_LOG_LEVEL` names, or warning.
    static func configuredLevel() -> Logger.Level {
        guard let name = EnvironmentDefaults.value(levelVariable) else { return .warning }
        if let level = Logger.Level(rawValue: name.lowercased()) { return level }
        let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
        StandardOutput.error("memlayer: \(levelVariable)=\(name) is not a log level (\(names)); using warning\n")
        return .warning
    }

    func log(event: LogEvent) {
        StandardOutput.error(Self.line(for: event, handlerMetadata: metadata))
    }

    /// `memlayer: message` for warnings and worse (as the CLI always wrote them), else
    /// `memlayer: level: message`; then the metadata, `key=value …`, if any.
    static func line(for event: LogEvent, handlerMetadata: Logger.Metadata = [:]) -> String {
        var text = "memlayer: "
        if event.level < .warning { text += "\(event.level.rawValue): " }
        text += event.message.description
        let metadata = handlerMetadata.merging(event.metadata ?? [:]) { $1 }
        if !metadata.isEmpty {
            text += " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return text + "\n"
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
