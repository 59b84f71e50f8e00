import Foundation
import MemLayerHTTP

extension HTTPRequest {
    /// A `POST` of `body` encoded as JSON, slashes left unescaped as the services' own SDKs send
    /// them. Throws the encoder's error (a tool schema holding a non-finite number, for one).
    static func postingJSON(
        _ body: some Encodable, to url: URL, headers: HTTPHeaders, serviceName: String, connectTimeout: Duration,
        idleTimeout: Duration
    ) throws -> HTTPRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return HTTPRequest(
            method: "POST", url: url, headers: headers, body: try encoder.encode(body), serviceName: serviceName,
            connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }
}
