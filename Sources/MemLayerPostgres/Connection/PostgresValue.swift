import Foundation

/// A value bound to a statement parameter (`$1`, `$2`, …).
///
/// Numbers, bytes, times and vectors travel in PostgreSQL's binary format, so they reach the
/// server exactly (a float is not rounded through text). Text is sent with no declared type and
/// the server infers it from where the parameter stands (a `text`, `jsonb` or `bigint` column
/// alike). A vector must meet a `vector` column or a `$n::vector` cast, since its type belongs to
/// the pgvector extension.
package enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case int64(Int64)
    case double(Double)
    case bool(Bool)
    case bytea(Data)
    /// A point in time, sent as `timestamptz` (microsecond precision).
    case timestamp(Date)
    /// A pgvector `vector` (float32 components).
    case vector([Float])

    /// `.text(value)`, or `.null` when `value` is nil.
    package static func optionalText(_ value: String?) -> PostgresValue { value.map { .text($0) } ?? .null }
    /// `.double(value)`, or `.null` when `value` is nil.
    package static func optionalDouble(_ value: Double?) -> PostgresValue { value.map { .double($0) } ?? .null }
    /// `.int64(value)`, or `.null` when `value` is nil.
    package static func optionalInt64(_ value: Int64?) -> PostgresValue { value.map { .int64($0) } ?? .null }
    /// `.timestamp(value)`, or `.null` when `value` is nil.
    package static func optionalTimestamp(_ value: Date?) -> PostgresValue { value.map { .timestamp($0) } ?? .null }

    /// Seconds from the Unix epoch to PostgreSQL's (2000-01-01 00:00:00 UTC).
    static let postgresEpoch: TimeInterval = 946_684_800

    /// The parameter's type OID (0: let the server infer it), its bytes (nil for NULL) and
    /// whether they are binary.
    var encoded: (type: UInt32, bytes: [UInt8]?, binary: Bool) {
        switch self {
        case .null: return (0, nil, false)
        case .text(let value): return (0, Array(value.utf8), false)
        case .int64(let value): return (20, Self.bigEndian(UInt64(bitPattern: value)), true)
        case .double(let value): return (701, Self.bigEndian(value.bitPattern), true)
        case .bool(let value): return (16, [value ? 1 : 0], true)
        case .bytea(let value): return (17, Array(value), true)
        case .timestamp(let date):
            let micros = ((date.timeIntervalSince1970 - Self.postgresEpoch) * 1_000_000).rounded()
            return (1184, Self.bigEndian(UInt64(bitPattern: Int64(micros))), true)
        case .vector(let components):
            // pgvector's binary form: int16 dimension, int16 unused, then big-endian float32s.
            var bytes = Self.bigEndian(UInt16(truncatingIfNeeded: components.count)) + [0, 0]
            bytes.reserveCapacity(4 + 4 * components.count)
            for component in components { bytes += Self.bigEndian(component.bitPattern) }
            return (0, bytes, true)
        }
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
