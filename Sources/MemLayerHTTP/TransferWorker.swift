import CCurl
import Foundation

/// The thread side of a ``CurlTransfer``: owns the easy and multi handles, runs the poll loop and
/// receives libcurl's callbacks. Everything here happens on the transfer's own thread, so none
/// of it needs a lock; only ``CurlTransfer`` is shared.
///
/// The multi interface (one easy handle per multi) is used instead of `curl_easy_perform` so the
/// loop wakes for cancellation at once (`curl_multi_wakeup`) and measures the idle timeout to the
/// millisecond, which libcurl's own low-speed limit (whole seconds) cannot.
final class TransferWorker {
    let transfer: CurlTransfer
    private var request: HTTPRequest { transfer.request }
    private var headParser = ResponseHeadParser()
    /// The final head, once complete.
    private var head: HTTPResponseHead?
    /// Whether the head went to the caller (a status below 400); from then on no retry is possible.
    private var headDelivered = false
    private var errorBody = Data()
    private var errorBodyFull = false
    private var bytesDelivered = 0
    private var lastActivity = ContinuousClock.now
    /// Whether the request is on the wire, which is when the idle clock starts.
    private var requestStarted = false
    private var uploaded: curl_off_t = 0

    init(transfer: CurlTransfer) {
        self.transfer = transfer
    }

    // MARK: Running

    func perform() {
        guard CurlGlobal.isReady, let easy = curl_easy_init() else {
            finish(
                failure: TransportError(code: .connectionFailed, request: request, detail: "libcurl could not start"))
            return
        }
        guard let multi = curl_multi_init() else {
            curl_easy_cleanup(easy)
            finish(
                failure: TransportError(code: .connectionFailed, request: request, detail: "libcurl could not start"))
            return
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        let me = Unmanaged.passUnretained(self).toOpaque()

        var setupError: String?
        if let problem = configure(easy, errorBuffer: errorBuffer, context: me, headerList: &headerList) {
            setupError = problem
        } else if curl_multi_add_handle(multi, easy) != CURLM_OK {
            setupError = "libcurl could not add the transfer"
        }

        var outcome: LoopOutcome = .failed(setupError ?? "")
        if setupError == nil {
            if transfer.publish(wakeup: CurlTransfer.WakeupHandle(multi: multi)) {
                outcome = runLoop(multi: multi, easy: easy)
            } else {
                outcome = .cancelled
            }
            // No wake-ups may reach the multi handle once it is being torn down.
            _ = transfer.publish(wakeup: nil)
            curl_multi_remove_handle(multi, easy)
        }
        let detail = String(cString: errorBuffer)
        curl_easy_cleanup(easy)
        curl_multi_cleanup(multi)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()

        complete(outcome, curlDetail: detail)
    }

    private enum LoopOutcome {
        case done(CURLcode)
        case cancelled
        case idleTimeout
        case failed(String)
    }

    private func runLoop(multi: UnsafeMutableRawPointer, easy: UnsafeMutableRawPointer) -> LoopOutcome {
        let idleLimit = request.idleTimeout
        while true {
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK {
                return .failed(String(cString: curl_multi_strerror(performed)))
            }
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                if message.pointee.msg == CURLMSG_DONE {
                    return .done(message.pointee.data.result)
                }
            }
            if transfer.isCancelled { return .cancelled }

            noteUploadProgress(easy)
            var waitMilliseconds: Int64 = 1000
            if requestStarted {
                let silence = ContinuousClock.now - lastActivity
                if silence >= idleLimit { return .idleTimeout }
                waitMilliseconds = min(waitMilliseconds, (idleLimit - silence).wholeMilliseconds)
            } else {
                // Until the request is on the wire libcurl's connect timeout applies; look often
                // so the idle clock starts close to the moment the request was sent.
                waitMilliseconds = 10
            }
            _ = curl_multi_poll(multi, nil, 0, Int32(clamping: max(1, waitMilliseconds)), nil)
        }
    }

    /// Starts the idle clock once the request is sent, and counts upload progress as activity.
    private func noteUploadProgress(_ easy: UnsafeMutableRawPointer) {
        if !requestStarted {
            var pretransfer: curl_off_t = 0
            if ccurl_getinfo_off_t(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer) == CURLE_OK, pretransfer > 0 {
                requestStarted = true
                lastActivity = .now
            }
        }
        var sent: curl_off_t = 0
        if ccurl_getinfo_off_t(easy, CURLINFO_SIZE_UPLOAD_T, &sent) == CURLE_OK, sent != uploaded {
            uploaded = sent
            lastActivity = .now
        }
    }

    // MARK: Callbacks (on this thread, inside curl_multi_perform)

    /// Handles one header line; returns the number of bytes taken, or 0 to abort.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        if transfer.isCancelled { return 0 }
        lastActivity = .now
        requestStarted = true
        let line = String(decoding: bytes, as: UTF8.self)
        if let complete = headParser.consume(line) {
            head = complete
            if complete.status < 400 {
                headDelivered = true
                transfer.resolveHead(.success(complete))
            }
        }
        return bytes.count
    }

    /// Handles body bytes; returns the number of bytes taken, or 0 to abort.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if transfer.isCancelled { return 0 }
        lastActivity = .now
        if headDelivered {
            bytesDelivered += bytes.count
            transfer.bodyContinuation.yield(Data(bytes))
            return bytes.count
        }
        // An error status: keep the start of the body for the error message, then stop.
        let room = TransportError.maxBodyBytes - errorBody.count
        errorBody.append(contentsOf: bytes.prefix(room))
        if bytes.count >= room {
            errorBodyFull = true
            return 0
        }
        return bytes.count
    }

    // MARK: Outcome

    private func complete(_ outcome: LoopOutcome, curlDetail: String) {
        switch outcome {
        case .cancelled:
            finish(failure: TransportError(code: .cancelled, request: request, bytesDelivered: bytesDelivered))
        case .idleTimeout:
            finish(
                failure: TransportError(
                    code: .idleTimeout, request: request, status: statusIfUndelivered, timeout: request.idleTimeout,
                    bytesDelivered: bytesDelivered))
        case .failed(let reason):
            // libcurl itself could not run the transfer; another attempt would fail the same way.
            var error = TransportError(code: .connectionFailed, request: request, detail: reason)
            error.mayRetryConnection = false
            finish(failure: error)
        case .done(let code):
            complete(code, detail: curlDetail.isEmpty ? String(cString: curl_easy_strerror(code)) : curlDetail)
        }
    }

    private var statusIfUndelivered: Int? { headDelivered ? nil : head?.status }

    private func complete(_ code: CURLcode, detail: String) {
        if transfer.isCancelled {
            finish(failure: TransportError(code: .cancelled, request: request, bytesDelivered: bytesDelivered))
            return
        }
        if let head, !headDelivered {
            // An error status; a body cut short still carries the service's message.
            var error = TransportError(
                code: .httpStatus, request: request, status: head.status, responseBody: errorBody)
            error.retryAfter = RetryPolicy.retryAfter(in: head.headers)
            finish(failure: error)
            return
        }
        if code == CURLE_OK {
            if headDelivered {
                transfer.bodyContinuation.finish()
            } else {
                finish(failure: TransportError(code: .connectionFailed, request: request, detail: "no response"))
            }
            return
        }
        if code == CURLE_OPERATION_TIMEDOUT {
            let timeoutCode: TransportError.Code = requestStarted ? .idleTimeout : .connectTimeout
            let timeout = requestStarted ? request.idleTimeout : request.connectTimeout
            finish(failure: TransportError(code: timeoutCode, request: request, detail: detail, timeout: timeout))
            return
        }
        if headDelivered {
            finish(
                failure: TransportError(
                    code: .droppedMidBody, request: request, detail: detail, bytesDelivered: bytesDelivered))
            return
        }
        var error = TransportError(code: .connectionFailed, request: request, detail: detail)
        error.mayRetryConnection = !Self.permanentFailures.contains(code.rawValue)
        finish(failure: error)
    }

    /// Failures another attempt cannot cure: bad URLs and TLS certificate problems.
    private static let permanentFailures: Set<UInt32> = [
        CURLE_UNSUPPORTED_PROTOCOL.rawValue, CURLE_URL_MALFORMAT.rawValue, CURLE_PEER_FAILED_VERIFICATION.rawValue,
        CURLE_SSL_CERTPROBLEM.rawValue, CURLE_SSL_CACERT_BADFILE.rawValue, CURLE_SSL_ISSUER_ERROR.rawValue,
    ]

    /// Delivers a failure to whoever is waiting: the head waiter if the head was not delivered,
    /// the body stream otherwise.
    private func finish(failure: TransportError) {
        if transfer.isHeadResolved {
            transfer.bodyContinuation.finish(throwing: failure)
        } else {
            transfer.resolveHead(.failure(failure))
            transfer.bodyContinuation.finish()
        }
    }
}
