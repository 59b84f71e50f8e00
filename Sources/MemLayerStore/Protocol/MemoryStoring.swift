import Foundation

/// What the layers above the store — the memory engine, the chat client, the CLI and the MCP
/// server — ask of a memory store, whatever keeps the data: ``SQLiteMemoryStore`` (one file,
/// embedded) today, a PostgreSQL store for several processes and machines.
///
/// The contract every store keeps (the conformance suite runs the same tests on each):
/// - **User isolation.** Every call that takes a `userID` reads and writes only that user's
///   rows; ids of another user's rows behave as missing (`nil`, `false`, `.notFound`). Calls
///   without a user (the queue's `queuedJobs(userID: nil, …)`, `usersWithMemories`, reindex,
///   `stats(userID: nil)`) work across users and are for maintenance, never for a chat.
/// - **Atomic writes.** Each write call is one transaction: it happens completely or not at all,
///   and a failure leaves the store as it was (a batch `insert` of a thousand rows included).
///   A write's audit `history` rows are part of its transaction.
/// - **Idempotence where retries happen.** Extraction results are applied once: `commitExtraction`,
///   `keepAsWritten`, `discardJob` and `closeJob` write nothing and return `nil`/`false` when
///   the job is no longer queued, so a job finished by another worker is never applied twice.
///   `releaseReindexLease` of a lease not held and a second `close()` do nothing.
/// - **Vectors.** A store holds vectors of one embedder (``embedderID``, ``dimension``);
///   `useEmbedder` refuses another while vectors exist (`.embedderMismatch`), and a vector of the
///   wrong length is `.dimensionMismatch`. Ids in candidate lists (`Int64`) are the store's own
///   row ids, stable while the row exists, only meaningful to the same store.
/// - **Errors** are ``StoreError``s whose ``StoreError/Kind`` tells the caller what to do, never
///   the database's own types; a backend's codes and statements stay inside as context.
/// - **Concurrency.** Stores are `Sendable` and safe to call from many tasks; calls may run in
///   any order relative to each other, but each is atomic as above. Several processes may share
///   one store; a write another process made is seen by the next call.
///
/// Each store is also a public ``MemoryStoreBackend``, the only way users pass it around.
package protocol MemoryStoring:
    MemoryStoreBackend, MemoryRecordStoring, MemorySearchStoring, KnowledgeGraphStoring, TaskStoring,
    ExtractionQueueStoring, HistoryStoring, ReindexStoring, CurationStoring, StoreMetaStoring
{}
