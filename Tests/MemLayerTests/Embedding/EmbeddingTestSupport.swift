import Foundation
import MemLayer
import Testing

/// `json` re-serialised with sorted keys, so two JSON texts compare by content.
func canonicalJSON(_ json: Data) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]),
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
}

/// `json` re-serialised with sorted keys.
func canonicalJSON(_ json: String) -> String? {
    canonicalJSON(Data(json.utf8))
}

/// Runs `operation` and returns the `EmbedderError` it throws; records an issue otherwise.
func embedderError(
    sourceLocation: SourceLocation = #_sourceLocation, _ operation: () async throws -> Void
) async -> EmbedderError? {
    do {
        try await operation()
        Issue.record("expected an EmbedderError, got success", sourceLocation: sourceLocation)
    } catch let error as EmbedderError {
        return error
    } catch {
        Issue.record("expected an EmbedderError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The `input` array of a recorded JSON request body.
func inputs(of body: Data) -> [String] {
    ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["input"] as? [String] ?? []
}
