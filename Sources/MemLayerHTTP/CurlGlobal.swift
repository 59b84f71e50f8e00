import CCurl

/// libcurl's process-wide setup, run once before the first transfer.
///
/// `curl_global_init` is not safe to race; a Swift global is initialised exactly once, under a
/// lock, on first access.
enum CurlGlobal {
    private static let initResult: CURLcode = ccurl_global_init_default()

    /// Whether libcurl initialised; touching this performs the one-time initialisation.
    static var isReady: Bool { initResult == CURLE_OK }
}
