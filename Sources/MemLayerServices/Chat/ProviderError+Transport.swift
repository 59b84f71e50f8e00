import MemLayerHTTP

extension ProviderError {
    /// The provider-neutral reading of a transport failure: unreachable, timed out, dropped, or
    /// an HTTP status class. `serviceMessage` is the service's own error text parsed from the
    /// body (each provider knows its error format); `hint` is what the user should do. Providers
    /// refine the kind where their protocol says more (Ollama's 404 means "model not pulled").
    /// Cancellation is not an error of the provider: callers rethrow `CancellationError` instead.
    public init(transport error: TransportError, provider: String, serviceMessage: String? = nil, hint: String? = nil) {
        let kind: Kind
        switch error.code {
        case .connectionFailed, .connectTimeout: kind = .unreachable
        case .idleTimeout: kind = .timeout
        case .droppedMidBody: kind = .interrupted
        default:
            switch error.status ?? 0 {
            case 401, 403: kind = .authentication
            case 404: kind = .modelNotFound
            case 429: kind = .rateLimited
            case 300..<500: kind = .badRequest  // a redirect is a wrong address, not a server fault
            default: kind = .server
            }
        }
        var message: String
        if let serviceMessage, let status = error.status, status >= 400 {
            message = "HTTP \(status) from \(error.url): \(serviceMessage)"
        } else {
            message = String(describing: error)
            let prefix = error.serviceName + ": "
            if message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
        }
        if let hint { message += " — \(hint)" }
        self.init(kind, provider: provider, message, status: error.status)
    }
}
