import Foundation
import MemLayerHTTP

extension ClaudeChatProvider {
    /// Turns a transport failure into a ``ProviderError`` that says what to do, using the
    /// `error.type` and `error.message` of Anthropic's error body when there is one.
    func explain(_ error: TransportError) -> ProviderError {
        switch error.code {
        case .httpStatus:
            return explainStatus(error)
        case .connectionFailed, .connectTimeout:
            return ProviderError(
                transport: error, provider: name,
                hint: "check the network connection, or ANTHROPIC_BASE_URL if you use a proxy")
        case .idleTimeout:
            return ProviderError(
                transport: error, provider: name, hint: "try again, or allow a longer idleTimeout")
        default:
            return ProviderError(
                transport: error, provider: name, hint: "the answer is incomplete; try again")
        }
    }

    private func explainStatus(_ error: TransportError) -> ProviderError {
        let detail = ClaudeErrorBody.parse(error.responseBody)
        let kind =
            ClaudeErrorBody.kind(ofType: detail?.type)
            ?? (error.status == 529
                ? .rateLimited : ProviderError(transport: error, provider: name, serviceMessage: detail?.summary).kind)
        var hint: String
        switch kind {
        case .authentication where error.status == 403:
            hint = "the API key may not use this model or feature; check its workspace permissions"
        case .authentication:
            hint = "check that ANTHROPIC_API_KEY holds a valid, active key (export ANTHROPIC_API_KEY=<your key>)"
        case .modelNotFound:
            hint = ProviderError.unknownModelHint(model, listedAt: "see Anthropic's models overview")
        case .rateLimited where error.status == 529 || detail?.type == "overloaded_error":
            hint = "Anthropic's API is overloaded; try again in a moment"
        case .rateLimited:
            hint = "Anthropic is rate-limiting this key; wait a moment and try again"
        case .server:
            hint = "Anthropic's API failed; try again"
        default:
            hint =
                detail?.type == "billing_error"
                ? "check the account's plan and billing" : "Anthropic refused the request as it was sent"
        }
        // Without a parsed body the transport's own text already counts the attempts.
        if error.attempts > 1, detail != nil { hint += " (after \(error.attempts) attempts)" }
        return ProviderError(kind, transport: error, provider: name, serviceMessage: detail?.summary, hint: hint)
    }
}
