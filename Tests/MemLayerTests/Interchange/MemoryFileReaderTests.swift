import Foundation
import MemLayer
import Testing

@Suite("Import file reader")
struct MemoryFileReaderTests {
    private func read(_ text: String, embedder: String? = "hash-ngram-v1/384") throws -> [NewMemory] {
        try MemoryFileReader.read(Data(text.utf8), activeEmbedder: embedder)
    }

    @Test("reads JSON Lines with every field, keeping ids, dates and metadata")
    func fullRecord() throws {
        let items = try read(
            """
            {"id": "m-1", "text": "I work at Acme", "created_at": "2021-03-04T05:06:07Z", "importance": 0.9, "metadata": {"b": 1, "a": "x"}}

            {"text": "plain"}
            """)
        #expect(items.count == 2)
        #expect(items[0].id == "m-1")
        #expect(items[0].createdAt == Date(timeIntervalSince1970: 1_614_834_367))
        #expect(items[0].importance == 0.9)
        #expect(items[0].metadataJSON == #"{"a":"x","b":1}"#)
        #expect(items[1].text == "plain" && items[1].id == nil && items[1].createdAt == nil)
    }

    @Test("accepts fractional seconds, offsets and bare dates")
    func dates() throws {
        let items = try read(
            """
            {"text": "a", "created_at": "2021-03-04T05:06:07.250Z"}
            {"text": "b", "created_at": "2021-03-04T07:06:07+02:00"}
            {"text": "c", "created_at": "2021-03-04"}
            """)
        #expect(items[0].createdAt == Date(timeIntervalSince1970: 1_614_834_367.25))
        #expect(items[1].createdAt == Date(timeIntervalSince1970: 1_614_834_367))
        #expect(items[2].createdAt == Date(timeIntervalSince1970: 1_614_816_000))
    }

    @Test(
        "a bad line is an error naming its line number",
        arguments: [
            ("{\"text\": \"ok\"}\n{not json}", 2, "not valid JSON"),
            ("{\"text\": \"ok\"}\n\n{\"id\": \"x\"}", 3, "missing \"text\""),
            ("{\"text\": 5}", 1, "\"text\" must be a string"),
            ("{\"text\": \"a\", \"importance\": 2}", 1, "importance"),
            ("{\"text\": \"a\", \"importance\": \"high\"}", 1, "importance"),
            ("{\"text\": \"a\", \"created_at\": \"yesterday\"}", 1, "ISO-8601"),
            ("{\"text\": \"a\", \"embedding\": [1, \"x\"]}", 1, "embedding"),
            ("{\"text\": \"a\", \"metadata\": [1]}", 1, "metadata"),
            ("[1, 2]", 1, "expected a JSON object"),
            ("{\"text\": \"   \"}", 1, "empty"),
            // PostgreSQL can store a NUL in no field, so no store gets one (named, like a NUL in text).
            ("{\"text\": \"ok\"}\n{\"text\": \"a\", \"id\": \"x\\u0000\"}", 2, "\"id\" contains a NUL"),
            ("{\"text\": \"a\", \"source\": \"\\u0000\"}", 1, "\"source\" contains a NUL"),
            ("{\"text\": \"a\", \"sources\": [\"t\\u0000\"]}", 1, "\"sources\" contains a NUL"),
            ("{\"text\": \"a\", \"metadata\": {\"k\": [\"\\u0000\"]}}", 1, "\"metadata\" contains a NUL"),
            ("{\"text\": \"a\", \"metadata\": {\"k\\u0000\": 1}}", 1, "\"metadata\" contains a NUL"),
        ])
    func badLine(input: String, line: Int, reason: String) throws {
        let error = #expect(throws: ImportError.self) { try read(input) }
        #expect(error?.line == line)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("reads a JSON array as written by export --json")
    func jsonArray() throws {
        let items = try read(#"  [{"text": "one"}, {"text": "two", "id": 7}]"#)
        #expect(items.map(\.text) == ["one", "two"])
        #expect(items[1].id == "7")
    }

    @Test("keeps a vector from the active embedder and drops one labelled with another")
    func embeddings() throws {
        let items = try read(
            """
            {"text": "a", "embedding": [0.5, 0.25]}
            {"text": "b", "embedding": [0.5, 0.25], "embedder": "hash-ngram-v1/384"}
            {"text": "c", "embedding": [0.5, 0.25], "embedder": "minilm-l6-v2/384"}
            """)
        #expect(items[0].embedding == [0.5, 0.25])
        #expect(items[1].embedding == [0.5, 0.25])
        #expect(items[2].embedding == nil)
    }

    @Test("export objects read back as the same memory")
    func roundTrip() throws {
        let memory = Memory(
            id: "abc", userID: "u", text: "round trip", kind: .document, importance: 0.25,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.5), updatedAt: Date(),
            expiresAt: Date(timeIntervalSince1970: 1_800_000_000), lastAccessedAt: nil, accessCount: 0,
            status: .active, source: "import", metadataJSON: #"{"k":"v"}"#, embedder: "hash-ngram-v1/384")
        let object = MemoryRecord.object(for: memory, vector: [1, 0])
        let item = try MemoryRecord.parse(object, line: 1, activeEmbedder: "hash-ngram-v1/384")
        #expect(item.id == "abc" && item.text == "round trip" && item.kind == .document)
        #expect(item.importance == 0.25 && item.source == "import" && item.metadataJSON == #"{"k":"v"}"#)
        #expect(item.createdAt == memory.createdAt && item.expiresAt == memory.expiresAt)
        #expect(item.embedding == [1, 0])
    }
}

@Suite("Import file reader: JSON types")
struct MemoryFileReaderTypeTests {
    @Test("booleans are not numbers; zeros and integers in vectors are")
    func booleans() throws {
        let items = try MemoryFileReader.read(
            Data(#"{"text": "a", "embedding": [0, 1, 0.5], "importance": 0}"#.utf8), activeEmbedder: nil)
        #expect(items[0].embedding == [0, 1, 0.5])
        #expect(items[0].importance == 0)
        for bad in [
            #"{"text": "a", "importance": true}"#, #"{"text": "a", "embedding": [true]}"#,
            #"{"text": "a", "id": false}"#,
        ] {
            #expect(throws: ImportError.self) { try MemoryFileReader.read(Data(bad.utf8), activeEmbedder: nil) }
        }
    }
}

@Suite("ISO-8601 dates")
struct ISO8601RoundTripTests {
    @Test("formatting and parsing is stable at millisecond precision, before and after 1970")
    func stable() throws {
        for seconds in [1_764_121_503.2049, 1_764_121_503.205, 1_764_121_503.9996, 0.0005, -1.2345] {
            let object = MemoryRecord.object(
                for: Memory(
                    id: "x", userID: "u", text: "t", kind: .fact, importance: 0.5,
                    createdAt: Date(timeIntervalSince1970: seconds), updatedAt: Date(), expiresAt: nil,
                    lastAccessedAt: nil, accessCount: 0, status: .active, source: nil, metadataJSON: nil, embedder: nil),
                vector: nil)
            let first = try #require(object["created_at"] as? String)
            let parsed = try MemoryRecord.parse(object, line: 1, activeEmbedder: nil)
            let again = MemoryRecord.object(
                for: Memory(
                    id: "x", userID: "u", text: "t", kind: .fact, importance: 0.5, createdAt: parsed.createdAt!,
                    updatedAt: Date(), expiresAt: nil, lastAccessedAt: nil, accessCount: 0, status: .active,
                    source: nil, metadataJSON: nil, embedder: nil),
                vector: nil)
            #expect(again["created_at"] as? String == first)
            #expect(abs(parsed.createdAt!.timeIntervalSince1970 - seconds) <= 0.0005 + 1e-6)
        }
        #expect(
            MemoryRecord.object(
                for: Memory(
                    id: "x", userID: "u", text: "t", kind: .fact, importance: 0.5,
                    createdAt: Date(timeIntervalSince1970: 1_614_834_367.25), updatedAt: Date(), expiresAt: nil,
                    lastAccessedAt: nil, accessCount: 0, status: .active, source: nil, metadataJSON: nil, embedder: nil),
                vector: nil)["created_at"] as? String == "2021-03-04T05:06:07.250Z")
    }
}
