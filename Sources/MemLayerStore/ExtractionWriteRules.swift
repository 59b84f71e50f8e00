/// Rules of an extraction write that do not depend on where it is stored, so every store behind
/// ``MemoryStoring`` applies the same ones.
package enum ExtractionWriteRules {
    /// The fact an extracted edge is sourced from, among the job's facts (row id and text): the
    /// one that mentions both ends of `relationship`, else its object, else its subject, else
    /// the job's first fact; nil when the job wrote no fact.
    package static func sourceFact(of relationship: ExtractedRelationship, among facts: [(rowID: Int64, text: String)])
        -> Int64?
    {
        let subject = EntityName.canonical(relationship.subject)
        let object = EntityName.canonical(relationship.object)
        let texts = facts.map { ($0.rowID, $0.text.lowercased()) }
        return texts.first { $0.1.contains(subject) && $0.1.contains(object) }?.0
            ?? texts.first { $0.1.contains(object) }?.0
            ?? texts.first { $0.1.contains(subject) }?.0
            ?? facts.first?.rowID
    }

    /// The cosine of two vectors (0 when either is all zeros), as the duplicate check compares a
    /// new fact with a stored one.
    package static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for i in 0..<min(a.count, b.count) {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        let norm = (na * nb).squareRoot()
        return norm > 0 ? dot / norm : 0
    }
}
