/// Which embedder to use, as written on the command line (`--embedder`).
public enum EmbedderSpecification: Sendable, Equatable, CustomStringConvertible {
    /// ``HashingEmbedder``: no model, shared words only (lightweight mode and tests).
    case hash

    /// Parses `hash`. Unknown names throw an error listing the accepted ones.
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "hash": self = .hash
        default:
            throw EmbedderError(.modelFiles, "unknown embedder '\(text)'; use one of: \(Self.accepted)")
        }
    }

    /// The accepted spellings, for help and error text.
    public static let accepted = "hash"

    /// The embedder a fresh store gets when none is named.
    public static let `default`: EmbedderSpecification = .hash

    public var description: String {
        switch self {
        case .hash: "hash"
        }
    }

    /// Builds the embedder.
    public func makeEmbedder() throws -> any Embedder {
        switch self {
        case .hash: HashingEmbedder()
        }
    }
}
