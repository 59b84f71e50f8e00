import Foundation
import MemLayerStore

/// The body of OpenAI's `POST /v1/embeddings` (openai-openapi `CreateEmbeddingRequest`).
struct OpenAIEmbeddingRequest: Encodable {
    var model: String
    /// A list of texts (at most 2048 per request, each non-empty).
    var input: [String]
    /// Always `"float"`: JSON number arrays. (OpenAI's own SDKs ask for base64 by default.)
    var encodingFormat = "float"

    enum CodingKeys: String, CodingKey {
        case model, input
        case encodingFormat = "encoding_format"
    }
}

/// The answer (`CreateEmbeddingResponse`): `{"object": "list", "data": [{"object": "embedding",
/// "index", "embedding"}], "model", "usage"}`. Only `data` is needed.
struct OpenAIEmbeddingResponse: Decodable {
    var data: [Item]

    struct Item: Decodable {
        var index: Int
        var embedding: Vector
    }

    /// A vector as floats, or as base64 little-endian float32 from servers that ignore
    /// `encoding_format`.
    struct Vector: Decodable {
        var values: [Double]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let numbers = try? container.decode([Double].self) {
                values = numbers
                return
            }
            let text = try container.decode(String.self)
            guard let bytes = Data(base64Encoded: text), bytes.count % 4 == 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not base64 float32")
            }
            values = stride(from: 0, to: bytes.count, by: 4).map { offset in
                let bits = bytes[bytes.startIndex + offset..<bytes.startIndex + offset + 4]
                    .enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                return Double(Float(bitPattern: bits))
            }
        }
    }
}
