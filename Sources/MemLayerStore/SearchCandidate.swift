import Foundation

/// A memory one retriever (vector or keyword search) proposes, with what the final ranking needs.
/// Only active, unexpired memories of the searching user become candidates.
package struct SearchCandidate: Sendable, Equatable {
    /// The memory's SQLite rowid.
    package var rowID: Int64
    /// The retriever's own score: cosine similarity for vectors, `-bm25` for keywords (higher is
    /// better for both).
    package var score: Double
    /// The memory's importance, 0…1.
    package var importance: Double
    /// When the memory was created.
    package var createdAt: Date
    /// When what it tells happened, when extraction learned that (facts only).
    package var eventAt: Date? = nil
    /// Where a kept turn stands in its conversation (nil for any other memory): a search that
    /// shows a turn with its neighbours gives one place to a turn and the turns beside it.
    package var place: TurnPlace? = nil
}
