import MemLayer
import MemLayerTesting
import Testing

/// The first event of `stream`, where iteration stops, as a consumer that has seen enough
/// stops; `whileOpen` runs before the stream is left (to look at the transfer still running).
func firstChatEvent(
    of stream: AsyncThrowingStream<ChatEvent, any Error>, whileOpen: () -> Void = {}
) async throws -> ChatEvent? {
    for try await event in stream {
        whileOpen()
        return event
    }
    return nil
}

/// Reads `provider`'s answer to `request` in a task, and cancels the task once the first event
/// has arrived; returns what the task read and how its stream ended.
func recordChatStreamCancelledAfterFirstEvent(
    _ provider: some ChatProvider, _ request: ChatRequest, sourceLocation: SourceLocation = #_sourceLocation
) async -> ChatStreamRecord {
    let received = LoopbackGate()
    let task = Task {
        var record = ChatStreamRecord()
        do {
            for try await event in provider.stream(request) {
                record.events.append(event)
                received.open()
            }
        } catch {
            record.error = error
        }
        return record
    }
    #expect(await eventually { received.isOpen }, "no event arrived", sourceLocation: sourceLocation)
    task.cancel()
    return await task.value
}

/// Reads `provider`'s answer to `request` in a task, and cancels the task once `server` has the
/// request, before any answer; returns how the stream ended.
func recordChatStreamCancelledBeforeAnswer(
    _ provider: some ChatProvider, _ request: ChatRequest, server: LoopbackHTTPServer,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> ChatStreamRecord {
    let task = Task { await recordChatStream(provider.stream(request)) }
    #expect(await server.waitUntil { $0.requestCount == 1 }, "no request arrived", sourceLocation: sourceLocation)
    task.cancel()
    return await task.value
}

/// Checks that a stream's transfer was aborted: `server` saw the client disconnect within
/// `timeout`, and `transport` has no transfer left.
func expectTransferAborted(
    _ server: LoopbackHTTPServer, _ transport: HTTPTransport, within timeout: Duration = .seconds(5),
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    #expect(await server.waitUntil(timeout: timeout) { $0.clientDisconnects == 1 }, sourceLocation: sourceLocation)
    #expect(await eventually { transport.activeTransfers == 0 }, sourceLocation: sourceLocation)
}
