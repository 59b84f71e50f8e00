import Foundation

/// Vector and keyword search over one user's active, unexpired memories.
package protocol MemorySearchStoring: Sendable {
    /// The `k` memories nearest `vector` by cosine, best first, recording the access.
    func search(vector: [Float], userID: String, k: Int, now: Date) async throws -> [SearchHit]
    /// Whether `userID` has any memory with a vector.
    func hasVectors(userID: String) async throws -> Bool
    /// Up to `limit` candidates nearest `vector`, best first, by row id (no access recorded).
    func vectorCandidates(_ vector: [Float], userID: String, limit: Int, now: Date) async throws -> [SearchCandidate]
    /// Up to `limit` full-text candidates for `query` (English stemming), best first.
    /// `alongsideVectors`: the search also ranks by vector, so terms too common to tell rows
    /// apart are left out at any size, and nothing is searched when no other term is left.
    func keywordCandidates(_ query: FullTextQuery, userID: String, limit: Int, now: Date, alongsideVectors: Bool)
        async throws -> [SearchCandidate]
    /// The cosine of each row's vector to `vector`, by row id (rows without a vector left out).
    func similarities(of rowIDs: [Int64], to vector: [Float], userID: String) async throws -> [Int64: Double]
    /// The memories `rowIDs` of `userID`, recording one access each (count and time) in one
    /// transaction; `recorded` is false when the store could not write (read-only) and the
    /// memories were still read.
    func accessMemories(rowIDs: [Int64], userID: String, now: Date) async throws
        -> (memories: [Int64: Memory], recorded: Bool)
}
