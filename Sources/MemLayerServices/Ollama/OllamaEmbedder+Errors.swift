import Foundation
import MemLayerHTTP

extension OllamaEmbedder {
    /// Turns a transport failure into a message that says what to do about it.
    func explain(_ error: TransportError) -> EmbedderError {
        let address = SecretRedactor.redactedURL(baseURL)
        switch error.code {
        case .connectionFailed, .connectTimeout:
            let reason = error.detail.map { " (\($0))" } ?? ""
            return EmbedderError(
                .remote,
                "Ollama is not reachable at \(address)\(reason). Start it with `ollama serve`, or set "
                    + "OLLAMA_HOST to the address it listens on.")
        case .idleTimeout:
            return EmbedderError(
                .remote,
                "Ollama at \(address) sent nothing for \(RemoteEmbedderReply.seconds(error.timeout)) while embedding "
                    + "with \"\(model)\". The model may still be loading or the machine is overloaded; try again, "
                    + "or allow a longer idleTimeout.")
        case .httpStatus:
            return explainStatus(error)
        default:
            return EmbedderError(
                .remote, "Ollama at \(address) closed the connection in the middle of its answer; try again.")
        }
    }

    private func explainStatus(_ error: TransportError) -> EmbedderError {
        let status = error.status ?? 0
        let message = ServiceErrorBody.describe(error)
        if status == 404, message.lowercased().contains("not found") {
            return EmbedderError(
                .remote,
                "Ollama has no model \"\(model)\" (\(message)). Run `ollama pull \(model)` and try again.")
        }
        if message.contains("does not support") {
            return EmbedderError(
                .remote,
                "Ollama cannot embed with \"\(model)\": \(message). Use an embedding model, for example "
                    + "`ollama pull nomic-embed-text`.")
        }
        return EmbedderError(
            .remote, "Ollama answered HTTP \(status) to POST /api/embed with model \"\(model)\": \(message)")
    }
}
