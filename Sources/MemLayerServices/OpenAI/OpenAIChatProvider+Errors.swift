import Foundation
import MemLayerHTTP

extension OpenAIChatProvider {
    /// Turns a transport failure into a ``ProviderError`` that says what to do about it.
    func explain(_ error: TransportError) -> ProviderError {
        let address = SecretRedactor.redactedURL(baseURL)
        switch error.code {
        case .connectionFailed, .connectTimeout:
            let hint =
                OpenAIBaseURL.isOnLocalNetwork(baseURL)
                ? "is \(serverName) running at \(address)? start its server, or set OPENAI_BASE_URL"
                : "check the network connection and OPENAI_BASE_URL (\(address))"
            return ProviderError(transport: error, provider: name, hint: hint)
        case .idleTimeout:
            return ProviderError(
                transport: error, provider: name,
                hint: "the model may still be loading or the server is overloaded; try again, or allow a longer "
                    + "idleTimeout")
        case .droppedMidBody:
            return ProviderError(
                transport: error, provider: name,
                hint: "the connection closed mid-answer; the answer is incomplete, try again")
        case .httpStatus:
            return explainStatus(error)
        default:
            return ProviderError(transport: error, provider: name)
        }
    }

    /// Reads the error body in OpenAI's shape `{"error": {"message", "type", "param", "code"}}`,
    /// llama.cpp's (a numeric `code`) or LM Studio's and Ollama's (`{"error": "…"}`).
    private func explainStatus(_ error: TransportError) -> ProviderError {
        let body = ServiceErrorBody(parsing: error.responseBody)
        let message = ServiceErrorBody.describe(error)
        let lowered = message.lowercased()
        func refined(_ kind: ProviderError.Kind, hint: String) -> ProviderError {
            ProviderError(kind, transport: error, provider: name, serviceMessage: message, hint: hint)
        }

        if Self.toolsUnsupportedMarkers.contains(where: lowered.contains) {
            return refined(
                .toolsUnsupported, hint: "\"\(model)\" cannot call tools here; send the request without tools")
        }
        // LM Studio: `'response_format.type' must be 'json_schema' or 'text'`.
        if lowered.contains("must be 'json_schema'") {
            return refined(
                .badRequest,
                hint: "this server wants JSON mode as a schema; create the provider with jsonMode: .jsonSchema")
        }
        // OpenAI: `'messages' must contain the word 'json' in some form, to use 'response_format' …`.
        if lowered.contains("must contain the word 'json'") {
            return refined(
                .badRequest, hint: "JSON mode needs the word JSON in the prompt; say it in the system prompt")
        }
        // OpenAI answers retired models as unknown ones: 404 `model_not_found`.
        if body.code == "model_not_found" {
            return refined(
                .modelNotFound, hint: ProviderError.unknownModelHint(model, listedAt: "this key may also lack access to it"))
        }
        switch error.status ?? 0 {
        case 401, 403:
            let hint =
                OpenAIBaseURL.isOpenAI(baseURL)
                ? "check OPENAI_API_KEY (export OPENAI_API_KEY=<your key>)"
                : "check the API key \(name) expects (apiKey: or OPENAI_API_KEY)"
            return refined(.authentication, hint: hint)
        case 404:
            if lowered.contains("model") {
                return refined(
                    .modelNotFound, hint: ProviderError.unknownModelHint(model, listedAt: "the server lists its models"))
            }
            return refined(
                .badRequest,
                hint: "check OPENAI_BASE_URL (\(SecretRedactor.redactedURL(baseURL))); it usually ends in /v1")
        case 429:
            let hint =
                body.code == "insufficient_quota" || body.type == "insufficient_quota"
                ? "the account's quota is used up; check the plan and billing"
                : "wait a moment and try again"
            return refined(.rateLimited, hint: hint)
        default:
            return ProviderError(transport: error, provider: name, serviceMessage: message)
        }
    }

    /// The server as a hint names it: the caller's name for it, or "the server".
    private var serverName: String {
        name.hasPrefix("OpenAI-compatible server") ? "the server" : name
    }

    /// How compatible servers say a model or configuration cannot take `tools`: Ollama's
    /// capability check, llama-server without `--jinja`, vLLM without a tool-call parser.
    static let toolsUnsupportedMarkers = [
        "does not support tools", "tools param requires --jinja", "enable-auto-tool-choice",
    ]
}
