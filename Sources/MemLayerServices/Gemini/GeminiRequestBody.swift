import MemLayerStore

/// The body of Gemini's `POST /v1beta/models/{model}:streamGenerateContent` (Gemini API
/// reference, `GenerateContentRequest`; google-genai `types.GenerateContentConfig`): only the
/// fields MemLayer sends.
struct GeminiRequestBody: Encodable, Equatable {
    /// The conversation: `user` and `model` turns; function responses go in `user` turns.
    var contents: [Content]
    var systemInstruction: SystemInstruction?
    var tools: [Tool]?
    var generationConfig: GenerationConfig?

    struct Content: Encodable, Equatable {
        var role: String
        var parts: [Part]
    }

    /// `{"parts": [{"text": …}]}`.
    struct SystemInstruction: Encodable, Equatable {
        var parts: [Part]
    }

    /// One part: text, a model's function call (with the signature Gemini attached to it), or
    /// the result of running one.
    enum Part: Encodable, Equatable {
        case text(String)
        case functionCall(id: String?, name: String, args: JSONValue, thoughtSignature: String?)
        case functionResponse(id: String?, name: String, response: JSONValue)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode(text, forKey: .text)
            case .functionCall(let id, let name, let args, let thoughtSignature):
                try container.encode(Call(id: id, name: name, args: args), forKey: .functionCall)
                // A sibling of `functionCall` in the part, not a member of it.
                try container.encodeIfPresent(thoughtSignature, forKey: .thoughtSignature)
            case .functionResponse(let id, let name, let response):
                try container.encode(Response(id: id, name: name, response: response), forKey: .functionResponse)
            }
        }

        enum CodingKeys: String, CodingKey {
            case text, functionCall, functionResponse, thoughtSignature
        }

        private struct Call: Encodable {
            var id: String?
            var name: String
            var args: JSONValue
        }

        private struct Response: Encodable {
            var id: String?
            var name: String
            var response: JSONValue
        }
    }

    /// `{"functionDeclarations": [...]}`.
    struct Tool: Encodable, Equatable {
        var functionDeclarations: [FunctionDeclaration]
    }

    struct FunctionDeclaration: Encodable, Equatable {
        var name: String
        var description: String
        /// Gemini's OpenAPI subset of JSON Schema (see ``GeminiSchema``); absent for a function
        /// without parameters, since Gemini rejects an object schema with no properties.
        var parameters: JSONValue?
    }

    struct GenerationConfig: Encodable, Equatable {
        var temperature: Double?
        var maxOutputTokens: Int?
        /// `application/json` for JSON mode.
        var responseMimeType: String?
        /// The JSON Schema the answer follows. Unlike `responseSchema` (an OpenAPI subset, see
        /// ``GeminiSchema``), `responseJsonSchema` takes JSON Schema as it is.
        var responseJsonSchema: JSONValue?
        var thinkingConfig: ThinkingConfig?

        var isEmpty: Bool {
            temperature == nil && maxOutputTokens == nil && responseMimeType == nil && responseJsonSchema == nil
                && thinkingConfig == nil
        }
    }

    /// How much the model thinks: a token budget (Gemini 2.5) or a level (Gemini 3); never both,
    /// which the API rejects.
    struct ThinkingConfig: Encodable, Equatable {
        var thinkingBudget: Int?
        var thinkingLevel: String?
    }
}
