import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("ResponseHeadParser")
struct ResponseHeadParserTests {
    @Test("Interim 100 Continue heads are skipped and the final head is returned once")
    func skipsInterimHead() {
        var parser = ResponseHeadParser()
        let lines = [
            "HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 429 Too Many Requests\r\n", "Retry-After: 3\r\n",
            "X-Folded: one\r\n", "  two\r\n", "\r\n",
        ]
        let heads = lines.compactMap { parser.consume($0) }
        #expect(heads == [HTTPResponseHead(status: 429, headers: ["Retry-After": "3", "X-Folded": "one two"])])
        #expect(parser.consume("Trailer: ignored\r\n") == nil)
        #expect(parser.head?.headers["Trailer"] == nil)
    }

    @Test("HTTP/2 status lines parse")
    func http2() {
        var parser = ResponseHeadParser()
        _ = parser.consume("HTTP/2 200\r\n")
        _ = parser.consume("content-type: application/json\r\n")
        #expect(parser.consume("\r\n")?.status == 200)
    }
}
