// Response bodies as Ollama sends them. Kept as Swift constants rather than .json files because
// the test target declares no resources, and undeclared files make SwiftPM warn.

/// Ollama `/api/embed` transcripts (shapes from Ollama's docs/api.md and server/routes.go).
enum OllamaTranscripts {
    /// `POST /api/embed` with two inputs, as in docs/api.md "Request (Multiple input)", the
    /// vectors cut to four numbers.
    static let embedTwo = """
        {
          "model": "all-minilm",
          "embeddings": [[
            0.010071029, -0.0017594862, 0.05007221, 0.04692972
          ],[
            -0.0098027075, 0.06042469, 0.025257962, -0.006364387
          ]],
          "total_duration": 14143917,
          "load_duration": 1019500,
          "prompt_eval_count": 8
        }
        """

    /// The vectors in ``embedTwo``.
    static let embedTwoVectors: [[Float]] = [
        [0.010071029, -0.0017594862, 0.05007221, 0.04692972],
        [-0.0098027075, 0.06042469, 0.025257962, -0.006364387],
    ]

    /// 404 from the scheduler (`handleScheduleError`) when the model's files are missing.
    static let modelNotPulled = #"{"error":"model \"nomic-embed-text\" not found, try pulling it first"}"#

    /// 404 from `EmbedHandler` when no model of that name exists.
    static let modelNotFound = #"{"error":"model 'nomic-embed-text' not found"}"#

    /// 400 when the model produced NaN or infinite values (`normalize` in server/routes.go).
    static let nonFinite = #"{"error":"embedding contains NaN or Inf values"}"#

    /// A 200 whose body is an embed response with the given vectors.
    static func embed(model: String = "all-minilm", _ vectors: [[Double]]) -> String {
        let rows = vectors.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: ",")
        return
            #"{"model":"\#(model)","embeddings":[\#(rows)],"total_duration":1000,"load_duration":10,"prompt_eval_count":4}"#
    }
}
