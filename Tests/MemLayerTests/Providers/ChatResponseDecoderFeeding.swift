import Foundation

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Feeds `chunks` to `decoder`, then ends the body; returns every event.
func decodeChat(_ decoder: some ChatResponseDecoder, _ chunks: [Data]) throws -> [ChatEvent] {
    var decoder = decoder
    var events: [ChatEvent] = []
    for chunk in chunks where !decoder.isComplete {
        try decoder.feed(chunk, into: &events)
    }
    if !decoder.isComplete { try decoder.finish(into: &events) }
    return events
}
