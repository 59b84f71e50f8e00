import Foundation
import MemLayerHTTP

extension GeminiChatProvider {
    /// Turns a transport failure into a ``ProviderError`` that says what to do, using the
    /// `status` and `message` of Google's error body when there is one.
    func explain(_ error: TransportError) -> ProviderError {
        switch error.code {
        case .httpStatus:
            return explainStatus(error)
        case .connectionFailed, .connectTimeout:
            return ProviderError(transport: error, provider: name, hint: "check the network connection")
        case .idleTimeout:
            return ProviderError(transport: error, provider: name, hint: "try again, or allow a longer idleTimeout")
        default:
            return ProviderError(transport: error, provider: name, hint: "the answer is incomplete; try again")
        }
    }

    private func explainStatus(_ error: TransportError) -> ProviderError {
        let detail = GeminiErrorBody.parse(error.responseBody)
        let kind =
            GeminiErrorBody.kind(of: detail)
            ?? ProviderError(transport: error, provider: name, serviceMessage: detail?.summary).kind
        var hint: String
        switch kind {
        case .authentication where detail?.rejectsKey == true || error.status == 401:
            hint = "check that GEMINI_API_KEY holds a valid key (export GEMINI_API_KEY=<your key>)"
        case .authentication:
            hint = "the API key may not use this model or API; check the key's project and restrictions"
        case .modelNotFound:
            hint = ProviderError.unknownModelHint(model, listedAt: "see Gemini's models page")
        case .rateLimited where detail?.status == "UNAVAILABLE":
            hint = "Gemini is overloaded; try again in a moment"
        case .rateLimited:
            hint = "the key's quota or rate limit is used up; wait and try again, or check the plan and billing"
        case .server:
            hint = "Gemini failed or is overloaded; try again in a moment"
        default:
            hint = "Gemini refused the request as it was sent"
        }
        // Without a parsed body the transport's own text already counts the attempts.
        if error.attempts > 1, detail != nil { hint += " (after \(error.attempts) attempts)" }
        return ProviderError(kind, transport: error, provider: name, serviceMessage: detail?.summary, hint: hint)
    }
}
