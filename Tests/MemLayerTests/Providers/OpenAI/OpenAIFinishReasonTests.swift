import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OpenAIChatProvider finish reasons")
struct OpenAIFinishReasonTests {
    @Test(
        "A refusal and a content-filter stop both finish with `content_filter`",
        arguments: [
            (OpenAIChatTranscripts.refusal, "I'm sorry, I can't help with that."),
            (OpenAIChatTranscripts.contentFilter, "Well"),
        ])
    func filtered(transcript: String, text: String) async throws {
        let server = try startServer { _ in sseStream(transcript) }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(ChatRequest(messages: [.user("x")])))

        #expect(record.error == nil)
        #expect(record.text == text)
        #expect(record.finish?.reason == "content_filter")
    }
}
