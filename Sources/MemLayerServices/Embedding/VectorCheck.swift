/// Checks what a remote service returned before any of it reaches a store.
enum VectorCheck {
    /// Converts decoded numbers to `Float` vectors, checking the count, the dimension (or, when
    /// `dimension` is nil, that all vectors share one) and that every number is finite.
    static func vectors(
        _ raw: [[Double]], expectedCount: Int, dimension: Int?, service: String, embedderID: String
    ) throws -> [[Float]] {
        guard raw.count == expectedCount else {
            throw EmbedderError(
                .remote,
                "\(service) returned \(raw.count) vectors for \(expectedCount) texts; the response is unusable.")
        }
        let expected = dimension ?? raw.first?.count ?? 0
        var result: [[Float]] = []
        result.reserveCapacity(raw.count)
        for (index, vector) in raw.enumerated() {
            guard !vector.isEmpty else {
                throw EmbedderError(.dimension, "\(service) returned an empty vector for text \(index + 1).")
            }
            guard vector.count == expected else {
                throw EmbedderError(
                    .dimension,
                    "\(service) returned a \(vector.count)-dimensional vector for text \(index + 1), but \(embedderID) "
                        + "makes \(expected)-dimensional ones. If the model changed, create the embedder again "
                        + "and re-index the store (`memlayer reindex`).")
            }
            let floats = vector.map { Float($0) }
            guard floats.allSatisfy(\.isFinite) else {
                throw EmbedderError(
                    .remote,
                    "\(service) returned a non-finite number (NaN, infinity or beyond Float range) in vector "
                        + "\(index + 1); the model's output is unusable.")
            }
            result.append(floats)
        }
        return result
    }
}
