/// The release `memlayer --version` prints; CHANGELOG.md lists what each one changed.
enum MemLayerVersion {
    static let current = "0.1.0"
}
