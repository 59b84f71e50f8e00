import Foundation

/// The claim one re-index holds on a store, kept in its `meta` table so that every process
/// opening the file sees it. A second re-index started meanwhile stops with a clear error instead
/// of embedding the same memories again; a claim whose holder died lapses at `expiresAt` (or at
/// once when the holder ran on this host and its process is gone), and a live holder renews it
/// after every batch.
public struct ReindexLease: Sendable, Equatable, Codable {
    /// A random id per re-index run.
    public let owner: String
    /// The embedder the run re-embeds with.
    public let target: String
    /// The process that holds the claim, for the error message.
    public let processID: Int32
    /// When the claim lapses unless renewed.
    public let expiresAt: Date
    /// The host the holding process runs on (nil in claims written before it was recorded).
    public let host: String?

    /// A claim by `owner` (in process `processID` on `host`) to re-embed with `target` until
    /// `expiresAt`.
    public init(owner: String, target: String, processID: Int32, expiresAt: Date, host: String? = nil) {
        self.owner = owner
        self.target = target
        self.processID = processID
        self.expiresAt = expiresAt
        self.host = host
    }

    /// Whether the holder is known to be gone: it ran on this host and no process has its id.
    /// (A reused id keeps the claim until it lapses, which only delays the next run.)
    var holderIsGone: Bool {
        guard let host, host == Self.currentHost else { return false }
        return kill(processID, 0) != 0 && errno == ESRCH
    }

    /// This machine's host name, as the claims record it.
    static var currentHost: String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The `meta` key the claim lives under.
    static let metaKey = "reindex_lease"

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The claim stored in `text`, or nil when it is not one (a damaged row counts as no claim).
    init?(decoding text: String) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let lease = try? decoder.decode(Self.self, from: Data(text.utf8)) else { return nil }
        self = lease
    }
}
