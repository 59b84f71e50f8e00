import MemLayerHTTP

extension ProviderError {
    /// The neutral reading of a transport failure (``init(transport:provider:serviceMessage:hint:)``)
    /// with the kind the provider's protocol names rather than the one the status class gives.
    init(_ kind: Kind, transport error: TransportError, provider: String, serviceMessage: String?, hint: String?) {
        let neutral = ProviderError(transport: error, provider: provider, serviceMessage: serviceMessage, hint: hint)
        self.init(kind, provider: provider, neutral.message, status: error.status)
    }

    /// What to do about a model the service does not know: it is misspelt, was retired, or this
    /// key may not use it. `where` names the service's list of models.
    static func unknownModelHint(_ model: String, listedAt place: String) -> String {
        "the model \"\(model)\" does not exist here or was retired; pass --model with a current model (\(place))"
    }

    /// An error the service reported inside a stream that had already started: of `kind` where
    /// the service's error names one (else `.server`), told in `summary`, the service's own words;
    /// `carrier` says what brought it ("an error event").
    init(brokenOff kind: Kind?, provider: String, carrier: String, summary: String?) {
        let kind = kind ?? .server
        let what = summary ?? "an error without a message"
        let advice = kind == .server || kind == .rateLimited ? "try again in a moment" : "the answer is incomplete"
        self.init(kind, provider: provider, "The answer broke off with \(carrier) (\(what)); \(advice).")
    }
}
