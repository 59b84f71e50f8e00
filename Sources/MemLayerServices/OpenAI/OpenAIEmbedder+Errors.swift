import Foundation
import MemLayerHTTP

extension OpenAIEmbedder {
    /// Turns a transport failure into a message that says what to do about it; never shows the key.
    func explain(_ error: TransportError) -> EmbedderError {
        let address = SecretRedactor.redactedURL(baseURL)
        switch error.code {
        case .connectionFailed, .connectTimeout:
            let reason = error.detail.map { " (\($0))" } ?? ""
            return EmbedderError(
                .remote,
                "Could not reach \(serviceName) at \(address)\(reason). Check the network connection, or "
                    + "OPENAI_BASE_URL if you use a compatible server.")
        case .idleTimeout:
            return EmbedderError(
                .remote,
                "\(serviceName) sent nothing for \(RemoteEmbedderReply.seconds(error.timeout)) while embedding with "
                    + "\"\(model)\"; try again later, or allow a longer idleTimeout.")
        case .httpStatus:
            return explainStatus(error)
        default:
            return EmbedderError(
                .remote, "\(serviceName) closed the connection in the middle of its answer; try again.")
        }
    }

    private func explainStatus(_ error: TransportError) -> EmbedderError {
        let status = error.status ?? 0
        let body = ServiceErrorBody(parsing: error.responseBody)
        // Compatible servers repeat the status as a numeric code; show a code only when it adds something.
        let code = body.code.flatMap { $0 == String(status) ? nil : " \($0)" } ?? ""
        switch status {
        case 401:
            // OpenAI's 401 message echoes (part of) the key: say what to do, not what it said.
            return EmbedderError(
                .remote,
                "\(serviceName) rejected the API key (HTTP 401\(code)). Check that OPENAI_API_KEY holds a valid, "
                    + "active key (export OPENAI_API_KEY=<your key>) or pass apiKey:.")
        case 403:
            return EmbedderError(
                .remote,
                "\(serviceName) refused access (HTTP 403\(code)): \(ServiceErrorBody.describe(error)). Check the key's "
                    + "project, organisation and region permissions.")
        case 404:
            return EmbedderError(
                .remote,
                "\(serviceName) does not know the model \"\(model)\" (HTTP 404\(code)): "
                    + "\(ServiceErrorBody.describe(error)). Check the model name, for example text-embedding-3-small.")
        case 429:
            let advice =
                body.code == "insufficient_quota" || body.type == "insufficient_quota"
                ? "Check the account's plan and billing." : "Wait a moment and try again."
            return EmbedderError(
                .remote,
                "\(serviceName) is rate-limiting requests (HTTP 429\(code)): "
                    + "\(ServiceErrorBody.describe(error)). \(advice)")
        default:
            return EmbedderError(
                .remote,
                "\(serviceName) answered HTTP \(status)\(code) to POST /embeddings with model \"\(model)\": "
                    + ServiceErrorBody.describe(error))
        }
    }
}
