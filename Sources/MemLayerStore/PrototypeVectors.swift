/// The embedded prototype sentences a salience gate compares text against: one vector per
/// sentence, in the order of the sentence files.
public struct PrototypeVectors: Sendable, Equatable {
    /// Vectors of sentences worth remembering.
    public var salient: [[Float]]
    /// Vectors of sentences not worth remembering.
    public var nonSalient: [[Float]]

    /// Creates a pair of vector sets.
    public init(salient: [[Float]], nonSalient: [[Float]]) {
        self.salient = salient
        self.nonSalient = nonSalient
    }
}
