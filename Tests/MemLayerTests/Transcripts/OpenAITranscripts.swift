// Response bodies as OpenAI's API sends them (openai-openapi: CreateEmbeddingResponse,
// ErrorResponse). Swift constants instead of .json files: see OllamaTranscripts.swift.

/// OpenAI `/v1/embeddings` transcripts.
enum OpenAITranscripts {
    /// Two embeddings, deliberately listed out of index order.
    static let embeddingsTwo = """
        {
          "object": "list",
          "data": [
            {"object": "embedding", "index": 1, "embedding": [0.5, -0.25, 0.125]},
            {"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, -0.0028842222]}
          ],
          "model": "text-embedding-3-small",
          "usage": {"prompt_tokens": 8, "total_tokens": 8}
        }
        """

    /// The vectors of ``embeddingsTwo`` in index order.
    static let embeddingsTwoVectors: [[Float]] = [[0.0023064255, -0.009327292, -0.0028842222], [0.5, -0.25, 0.125]]

    /// A 200 whose `data` holds `vectors` with the given indices.
    static func embeddings(
        _ items: [(index: Int, vector: [Double])], model: String = "text-embedding-3-small"
    ) -> String {
        let data = items.map { item in
            #"{"object":"embedding","index":\#(item.index),"embedding":[\#(item.vector.map { "\($0)" }.joined(separator: ","))]}"#
        }.joined(separator: ",")
        return #"{"object":"list","data":[\#(data)],"model":"\#(model)","usage":{"prompt_tokens":5,"total_tokens":5}}"#
    }

    /// 401 for a wrong key; OpenAI echoes the key it received (masked for long keys, whole for short ones).
    static func invalidKey(echoing key: String) -> String {
        #"{"error":{"message":"Incorrect API key provided: \#(key). You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
    }

    /// 404 for an unknown model.
    static let modelNotFound =
        #"{"error":{"message":"The model `text-embedding-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#

    /// 429 for a rate limit.
    static let rateLimited =
        #"{"error":{"message":"Rate limit reached for text-embedding-3-small on requests per min (RPM): Limit 3000, Used 3000, Requested 1. Please try again in 20ms.","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#

    /// 429 for an exhausted quota.
    static let insufficientQuota =
        #"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#

    /// A 400 in the shape llama.cpp's llama-server uses, whose `code` is a number.
    static let llamaServerError =
        #"{"error":{"code":400,"message":"input is too large to process. increase the physical batch size","type":"invalid_request_error"}}"#
}
