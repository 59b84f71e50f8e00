import CCurl
import Foundation

extension TransferWorker {
    /// Sets the easy handle's options for the request; returns a problem description on failure.
    func configure(
        _ easy: UnsafeMutableRawPointer,
        errorBuffer: UnsafeMutablePointer<CChar>,
        context: UnsafeMutableRawPointer,
        headerList: inout UnsafeMutablePointer<curl_slist>?
    ) -> String? {
        let request = transfer.request
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) {
            if failed == CURLE_OK, code != CURLE_OK { failed = code }
        }

        check(ccurl_setopt_string(easy, CURLOPT_URL, request.url.absoluteString))
        // Signals cannot be used for timeouts in a multi-threaded process.
        check(ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(ccurl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(
            ccurl_setopt_long(
                easy, CURLOPT_CONNECTTIMEOUT_MS, Int(clamping: max(1, request.connectTimeout.wholeMilliseconds))))
        check(ccurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        check(
            ccurl_setopt_write_callback(easy) { bytes, size, count, context in
                guard let context else { return 0 }
                let worker = Unmanaged<TransferWorker>.fromOpaque(context).takeUnretainedValue()
                return worker.receiveBody(UnsafeRawBufferPointer(start: bytes, count: size * count))
            })
        check(ccurl_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        check(
            ccurl_setopt_header_callback(easy) { bytes, size, count, context in
                guard let context else { return 0 }
                let worker = Unmanaged<TransferWorker>.fromOpaque(context).takeUnretainedValue()
                return worker.receiveHeader(UnsafeRawBufferPointer(start: bytes, count: size * count))
            })
        check(ccurl_setopt_pointer(easy, CURLOPT_HEADERDATA, context))

        let method = request.method.uppercased()
        if let body = request.body {
            check(ccurl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            if body.isEmpty {
                check(ccurl_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                body.withUnsafeBytes { raw in
                    check(
                        ccurl_setopt_pointer(
                            easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress)))
                }
            }
            if method != "POST" { check(ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)) }
        } else if method == "GET" {
            check(ccurl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        } else if method == "HEAD" {
            check(ccurl_setopt_long(easy, CURLOPT_NOBODY, 1))
        } else {
            check(ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method))
        }

        for line in Self.headerLines(for: request) {
            guard let appended = curl_slist_append(headerList, line) else {
                return "libcurl could not allocate the header list"
            }
            headerList = appended
        }
        check(ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))

        guard failed == CURLE_OK else { return String(cString: curl_easy_strerror(failed)) }
        return nil
    }

    /// The header lines to send: the caller's, plus a user agent, and with libcurl's own
    /// `Expect: 100-continue` (a wasted round trip) and form `Content-Type` turned off unless set.
    static func headerLines(for request: HTTPRequest) -> [String] {
        var lines: [String] = []
        for field in request.headers {
            // A header line cannot carry a line break; drop rather than let one split the request.
            let name = field.name.filter { $0 != "\r" && $0 != "\n" }
            let value = field.value.filter { $0 != "\r" && $0 != "\n" }
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if !request.headers.contains("User-Agent") { lines.append("User-Agent: MemLayer") }
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        if request.body != nil, !request.headers.contains("Content-Type") { lines.append("Content-Type:") }
        return lines
    }
}
