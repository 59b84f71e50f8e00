/// Finds NUL characters in what an import file would store. A NUL is refused with its line named:
/// it is invisible wherever it is shown, it means binary or mis-encoded input, and PostgreSQL can
/// store it neither in text nor in JSON, so the two stores would otherwise disagree on the file.
enum NULCharacters {
    /// The error for `field` holding a NUL.
    static func reason(_ field: String) -> String {
        "\"\(field)\" contains a NUL character (\\u0000); remove it, or check the file's encoding"
    }

    /// Whether `value` (a string, or JSON arrays and objects holding strings, keys included) holds a NUL.
    static func found(in value: Any) -> Bool {
        switch value {
        case let string as String: return string.utf8.contains(0)
        case let array as [Any]: return array.contains { found(in: $0) }
        case let object as [String: Any]: return object.contains { found(in: $0.key) || found(in: $0.value) }
        default: return false
        }
    }
}
