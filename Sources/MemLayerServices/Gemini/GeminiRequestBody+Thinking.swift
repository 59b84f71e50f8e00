extension GeminiRequestBody {
    /// `generationConfig.thinkingConfig` for ``ChatRequest/Thinking/minimal`` on `model`, or nil
    /// where there is nothing to turn down (google-genai `ThinkingConfig`; the Gemini thinking
    /// guide):
    ///
    /// - Gemini 3 and later take a `thinkingLevel`: `MINIMAL` where the model offers it, `LOW` on
    ///   Pro models, whose lowest level it is;
    /// - Gemini 2.5 takes a `thinkingBudget`: 0 turns thinking off on Flash and Flash-Lite, while
    ///   2.5 Pro cannot turn it off and takes its minimum, 128;
    /// - older models do not think, and model names without a version (`gemini-flash-latest`)
    ///   could be either, so they get nothing rather than a field their model may reject.
    static func minimalThinking(for model: String) -> ThinkingConfig? {
        guard let version = majorMinorVersion(of: model) else { return nil }
        let isPro = model.contains("-pro")
        if version.major >= 3 { return ThinkingConfig(thinkingLevel: isPro ? "LOW" : "MINIMAL") }
        if version == (2, 5) { return ThinkingConfig(thinkingBudget: isPro ? 128 : 0) }
        return nil
    }

    /// The version in `gemini-<major>[.<minor>]-…`, or nil for other names.
    static func majorMinorVersion(of model: String) -> (major: Int, minor: Int)? {
        guard model.hasPrefix("gemini-") else { return nil }
        let version = model.dropFirst("gemini-".count).prefix { $0.isNumber || $0 == "." }
        let numbers = version.split(separator: ".").map { Int($0) }
        guard let major = numbers.first ?? nil else { return nil }
        let minor = numbers.count > 1 ? numbers[1] ?? 0 : 0
        return (major, minor)
    }
}
