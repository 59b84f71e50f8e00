/// Turns text into fixed-length vectors for similarity search.
///
/// Every vector a store holds was made by one embedder; its ``id`` (for example
/// `minilm-l6-v2/384`) is recorded in the store so that vectors from different models are never
/// compared. Implementations must be safe to call from several tasks at once.
public protocol Embedder: Sendable {
    /// A stable identifier naming the model and its output dimension, such as `minilm-l6-v2/384`.
    var id: String { get }
    /// The length of every vector ``embed(_:)`` returns.
    var dimension: Int { get }
    /// Embeds each text; the result has one vector of ``dimension`` floats per input, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}
