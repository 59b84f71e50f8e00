import Foundation

/// Messages shared by the remote embedders for answers that cannot be used.
enum RemoteEmbedderReply {
    /// A 2xx body that did not decode as the expected JSON.
    static func malformed(_ data: Data, service: String, expected: String) -> EmbedderError {
        let text = String(decoding: data.prefix(2048), as: UTF8.self)
        let excerpt = text.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(120)
        if text.contains("NaN") || text.contains("Infinity") {
            return EmbedderError(
                .remote,
                "\(service) returned non-finite numbers (NaN or Infinity) instead of a vector; the model's output "
                    + "is unusable.")
        }
        let shown = excerpt.isEmpty ? "an empty body" : "\"\(excerpt)\(text.count > 120 ? "…" : "")\""
        return EmbedderError(
            .remote, "\(service) returned a response that is not the expected JSON \(expected): \(shown)")
    }

    /// A duration as seconds for messages, such as `300 s`.
    static func seconds(_ duration: Duration?) -> String {
        guard let duration else { return "too long" }
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
