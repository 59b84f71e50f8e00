import Testing

/// Checks that `secret` shows in neither the description, the debug description nor the dump of
/// `value`, as for a provider or embedder holding an API key.
func expectHidden<Value>(_ secret: String, in value: Value, sourceLocation: SourceLocation = #_sourceLocation) {
    var dumped = ""
    dump(value, to: &dumped)
    #expect(!dumped.contains(secret), "in the dump", sourceLocation: sourceLocation)
    #expect(!String(describing: value).contains(secret), "in the description", sourceLocation: sourceLocation)
    #expect(!String(reflecting: value).contains(secret), "in the debug description", sourceLocation: sourceLocation)
}
