import Foundation
import MemLayerHTTP

extension OllamaChatProvider {
    /// Turns a transport failure into a ``ProviderError`` that says what to do about it.
    func explain(_ error: TransportError) -> ProviderError {
        switch error.code {
        case .connectionFailed, .connectTimeout:
            return ProviderError(
                transport: error, provider: name,
                hint: "is Ollama running? start it with `ollama serve` (or set OLLAMA_HOST)")
        case .idleTimeout:
            return ProviderError(
                transport: error, provider: name,
                hint: "Ollama may still be loading \"\(model)\", or the machine is overloaded; try again, or allow a "
                    + "longer idleTimeout")
        case .droppedMidBody:
            return ProviderError(
                transport: error, provider: name,
                hint: "Ollama closed the connection mid-answer (did it stop or run out of memory?); the answer is "
                    + "incomplete, try again")
        case .httpStatus:
            return explainStatus(error)
        default:
            return ProviderError(transport: error, provider: name)
        }
    }

    private func explainStatus(_ error: TransportError) -> ProviderError {
        let message = ServiceErrorBody.describe(error)
        let lowered = message.lowercased()
        // 400 from the scheduler's capability check: `<model> does not support tools`, where the
        // model is named `registry.ollama.ai/library/x:tag` or `"x"` depending on the version.
        if lowered.contains("does not support tools") {
            return ProviderError(
                .toolsUnsupported, transport: error, provider: name, serviceMessage: message,
                hint: "\"\(model)\" cannot call tools; send the request without tools")
        }
        if error.status == 404 {
            // `model 'x' not found` or `model "x" not found, try pulling it first`.
            if lowered.contains("not found"), lowered.contains("model") || message.contains(model) {
                return ProviderError(
                    .modelNotFound, transport: error, provider: name, serviceMessage: message,
                    hint: "run `ollama pull \(model)` and try again, or pass --model with a model `ollama list` shows")
            }
            return ProviderError(
                .badRequest, transport: error, provider: name, serviceMessage: message,
                hint: "is \(SecretRedactor.redactedURL(baseURL)) an Ollama server? check OLLAMA_HOST")
        }
        return ProviderError(transport: error, provider: name, serviceMessage: message)
    }
}
