import Foundation
import MemLayerHTTP

/// What every remote embedder does the same way: learn a model's dimension with one text, send
/// texts in batches, and make one JSON exchange whose failures are ``EmbedderError``s.
enum RemoteEmbedding {
    /// The text embedded once to learn a model's dimension.
    static let probeText = "MemLayer dimension probe"

    /// The vectors for `texts`, in order, asked for `size` texts at a time through `embedBatch`.
    static func inBatches(
        _ texts: [String], of size: Int, _ embedBatch: ([String]) async throws -> [[Float]]
    ) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let end = min(start + size, texts.count)
            vectors += try await embedBatch(Array(texts[start..<end]))
            start = end
        }
        return vectors
    }

    /// The longest answer one embedding request may get: 64 texts of 3,072 dimensions as JSON
    /// take about 4 MiB, so 64 MiB leaves room for big batches while a server streaming without
    /// end is cut off.
    static let maximumReplyBytes = 64 << 20

    /// Sends `request` and decodes the answer as `Response`. A transport failure is what
    /// `explain` makes of it (cancellation stays `CancellationError`); an answer that is not
    /// `Response` is reported with `shape`, the JSON that was expected.
    static func exchange<Response: Decodable>(
        _ request: HTTPRequest, through transport: HTTPTransport, answer: Response.Type, shape: String,
        explain: (TransportError) -> EmbedderError
    ) async throws -> Response {
        var data = Data()
        do {
            let response = try await transport.stream(request)
            if let redirect = TransportError.redirect(response.head, for: request) { throw redirect }
            for try await chunk in response.body {
                data.append(chunk)
                // Leaving the loop drops the body, which aborts the transfer.
                guard data.count <= maximumReplyBytes else {
                    throw EmbedderError(
                        .remote,
                        "\(request.serviceName) sent an answer longer than \(maximumReplyBytes >> 20) MiB to "
                            + "one embedding request; it is not an embedding service's reply (check the URL), "
                            + "or lower the batch size")
                }
            }
        } catch let error as TransportError {
            throw error.code == .cancelled ? CancellationError() : explain(error)
        }
        do {
            return try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw RemoteEmbedderReply.malformed(data, service: request.serviceName, expected: shape)
        }
    }
}
