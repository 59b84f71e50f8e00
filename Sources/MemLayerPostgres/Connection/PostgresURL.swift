import Foundation

/// Where a PostgreSQL server is, as a `postgres://` (or `postgresql://`) URL, with the password
/// kept out of every description.
///
/// The URL goes to libpq unchanged, so everything libpq accepts in one works: several hosts,
/// `?sslmode=require`, `?sslmode=verify-full&sslrootcert=/path/to/ca.crt`, client certificates
/// (`sslcert=`, `sslkey=`, `sslpassword=`), `?host=/path/to/socket`. A password may be in the URL
/// (`postgres://user:secret@host/db`) or, better, in `PGPASSWORD` or `~/.pgpass`, which libpq
/// reads itself. ``redacted`` (also the ``description``) shows the URL with the password
/// replaced by `***`, for logs and errors.
package struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL as given, password included: only for libpq.
    let connectionString: String

    /// Accepts `string` if it is a `postgres://` or `postgresql://` URL.
    /// - Throws: `PostgresError` `.invalidURL`, whose message shows the URL redacted.
    package init(_ string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        guard Self.schemes.contains(where: { trimmed.lowercased().hasPrefix($0) }) else {
            throw PostgresError(
                .invalidURL,
                "\(Self.redact(trimmed)) is not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE "
                    + "(the password in PGPASSWORD or ~/.pgpass)")
        }
        connectionString = trimmed
    }

    static let schemes = ["postgres://", "postgresql://"]

    /// The URL with its password (in the user part, or a `password=` query parameter) and any
    /// `sslpassword=` replaced by `***`.
    package var redacted: String { Self.redact(connectionString) }

    package var description: String { redacted }

    /// The password the URL carries, raw and percent-decoded, so an error text that quotes
    /// part of the URL can be scrubbed of it.
    var secrets: [String] {
        var found: [String] = []
        if let range = Self.userInfoPasswordRange(in: connectionString) {
            found.append(String(connectionString[range]))
        }
        for range in Self.queryPasswordRanges(in: connectionString) {
            found.append(String(connectionString[range]))
        }
        found += found.compactMap { $0.removingPercentEncoding }
        return found.filter { !$0.isEmpty }
    }

    /// `text` with every password of this URL replaced by `***`.
    func scrub(_ text: String) -> String {
        secrets.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// `string` with the password after `user:` and every `password=`/`sslpassword=` query value
    /// replaced.
    static func redact(_ string: String) -> String {
        var text = string
        for range in queryPasswordRanges(in: text).reversed() { text.replaceSubrange(range, with: "***") }
        if let range = userInfoPasswordRange(in: text) { text.replaceSubrange(range, with: "***") }
        return text
    }

    /// The password in `scheme://user:PASSWORD@host`: from the first `:` after the scheme to the
    /// last `@` before the query. A password someone forgot to percent-encode may hold `/` or
    /// `@`, so the authority is not cut at the first `/`: when in doubt, more is hidden.
    private static func userInfoPasswordRange(in text: String) -> Range<String.Index>? {
        guard let schemeEnd = text.range(of: "://")?.upperBound else { return nil }
        let rest = text[schemeEnd...]
        let beforeQuery = rest[..<(rest.firstIndex(of: "?") ?? rest.endIndex)]
        guard let at = beforeQuery.lastIndex(of: "@"), let colon = beforeQuery[..<at].firstIndex(of: ":") else {
            return nil
        }
        let start = text.index(after: colon)
        return start < at ? start..<at : nil
    }

    /// Query parameters whose value is a secret: the login password, and `sslpassword`, the
    /// passphrase of a TLS client key (`sslkey=`).
    static let secretParameters: Set<String> = ["password", "sslpassword"]

    /// The values of `password=` and `sslpassword=` parameters in the query string.
    private static func queryPasswordRanges(in text: String) -> [Range<String.Index>] {
        guard let question = text.firstIndex(of: "?") else { return [] }
        var ranges: [Range<String.Index>] = []
        var cursor = text.index(after: question)
        while cursor < text.endIndex {
            let end = text[cursor...].firstIndex(of: "&") ?? text.endIndex
            let pair = text[cursor..<end]
            if let equals = pair.firstIndex(of: "="),
                secretParameters.contains(pair[..<equals].lowercased()),
                text.index(after: equals) < end
            {
                ranges.append(text.index(after: equals)..<end)
            }
            cursor = end < text.endIndex ? text.index(after: end) : end
        }
        return ranges
    }
}
