import Foundation

/// What happened to text handed to ``MemoryEngine/ingest(text:userID:source:raw:chunker:now:)``
/// or ``MemoryClient/remember(_:raw:importance:)``.
public enum IntakeReceipt: Sendable, Equatable {
    /// Queued for the extraction worker, one job per chunk.
    case queued(jobIDs: [Int64])
    /// Stored as written, without a model.
    case stored([Memory])
}

extension MemoryEngine {
    /// Queues `text` — something the user asked to remember — for the extraction worker, which
    /// distils facts, entities, relationships and tasks from it (or, if that keeps failing, keeps
    /// it as written). Notes are never dropped by the salience gate. ``remember(_:userID:importance:kind:source:)``
    /// is the raw path that stores the text as it is, at once, without a model.
    /// - Parameters:
    ///   - text: What to remember.
    ///   - userID: Whose memory it goes to.
    ///   - importance: given to every fact extracted from it; nil lets the model judge.
    ///   - source: Where it came from, kept with what is extracted.
    ///   - now: When it was said: relative dates in it resolve against this.
    /// - Returns: the job's id.
    @discardableResult
    public func enqueueNote(
        _ text: String, userID: String, importance: Double? = nil, source: String? = nil, now: Date = Date()
    ) async throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError(.invalidInput, "the text to remember is empty") }
        if let importance, !(0...1).contains(importance) {
            throw StoreError(.invalidInput, "importance must be between 0 and 1, got \(importance)")
        }
        let turn = ConversationTurn(
            user: trimmed, assistant: "", at: now, origin: .note, source: source, importance: importance)
        return try await store.enqueue(turn, userID: userID)
    }

    /// Takes in a document for `userID`: split into chunks, each queued for the extraction worker
    /// (kept as a `document` memory if extraction keeps failing) — or, with `raw`, each stored at
    /// once as a `document` memory, without a model.
    public func ingest(
        text: String, userID: String, source: String? = nil, raw: Bool = false,
        chunker: DocumentChunker = DocumentChunker(), now: Date = Date()
    ) async throws -> IntakeReceipt {
        let chunks = chunker.chunks(text)
        guard !chunks.isEmpty else { throw StoreError(.invalidInput, "the document is empty") }
        if raw {
            let items = chunks.map { NewMemory(text: $0, kind: .document, source: source ?? "document") }
            return .stored(try await importMemories(items, userID: userID))
        }
        let turns = chunks.map { ConversationTurn(user: $0, assistant: "", at: now, origin: .document, source: source) }
        return .queued(jobIDs: try await store.enqueue(turns, userID: userID))
    }
}

extension MemoryEngine {
    /// Keeps the queued jobs `jobIDs` as written, without an LLM — for tools that must store
    /// something now although the model is unreachable — and deletes them. `reason` goes to
    /// `history`. A text the embedder cannot embed is stored without a vector (keyword search
    /// still finds it; `memlayer reindex` adds one later).
    @discardableResult
    public func keepAsWritten(jobIDs: [Int64], reason: String, now: Date = Date()) async throws -> [Memory] {
        var kept: [Memory] = []
        for id in jobIDs {
            guard let job = try await store.queuedJob(id: id) else { continue }
            let item = try await rawMemory(for: job, vectorRequired: false)
            if let memory = try await store.keepAsWritten(
                jobID: job.id, userID: job.userID, memory: item, reason: reason, now: now)
            {
                kept.append(memory)
            }
        }
        return kept
    }

    /// The job's text as one memory: a `turn` ("User: …\nAssistant: …"), a `document` chunk, or
    /// a note as a `fact`, embedded when the embedder can (or must).
    func rawMemory(for job: ExtractionJob, vectorRequired: Bool) async throws -> NewMemory {
        let turn = job.turn
        let (text, kind): (String, MemoryKind) =
            switch turn.origin {
            case .chat: (turn.transcript, .turn)
            case .document: (turn.user, .document)
            case .note: (turn.user, .fact)
            }
        var item = NewMemory(
            text: text, kind: kind, importance: turn.importance ?? 0.5, createdAt: turn.at, source: turn.memorySource)
        do {
            item.embedding = try await embed([text])[0]
        } catch {
            if vectorRequired || error is CancellationError { throw error }
        }
        return item
    }
}

extension ConversationTurn {
    /// The `source` of memories made from this text: the one given, else `chat`, `document` or `note`.
    var memorySource: String { source ?? origin.rawValue }
}
