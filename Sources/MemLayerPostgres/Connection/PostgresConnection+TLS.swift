extension PostgresConnection {
    /// What to change when TLS is why a connection failed, or nil when it is not. libpq says what
    /// went wrong ("certificate verify failed") but not which URL parameter fixes it.
    static func tlsAdvice(for reason: String) -> String? {
        let tlsOnly =
            "the server has no rule for this login without TLS: use sslmode=require or verify-full, not sslmode=disable"
        let rules: [(symptom: String, advice: String)] = [
            (
                "certificate verify failed",
                "the server's certificate is not signed by the CA in sslrootcert= (default ~/.postgresql/root.crt); "
                    + "give the CA file that signed it"
            ),
            (
                "does not match host name",
                "with sslmode=verify-full the URL's host must be a name the server's certificate lists; "
                    + "connect by that name (hostaddr= may still give the address)"
            ),
            (
                "root certificate file",
                "sslrootcert= must name a readable CA file (PEM) for sslmode=verify-ca or verify-full"
            ),
            ("no encryption", tlsOnly),
            ("SSL required", tlsOnly),
            (
                "server does not support SSL",
                "the server offers no TLS: turn ssl on at the server, or allow a connection without TLS (sslmode=prefer)"
            ),
        ]
        return rules.first { reason.contains($0.symptom) }?.advice
    }
}
