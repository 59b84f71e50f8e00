extension BasicTokenizer {
    /// The words of a text as scalar values in one flat buffer, reusable across texts.
    ///
    /// Besides collecting words it applies NFD's canonical reordering to the combining marks
    /// that survive accent stripping: the reference decomposes the whole text, which sorts each
    /// run of marks by combining class, before it strips marks and splits words.
    struct Words {
        private var scalars: [UInt32] = []
        private var ends: [Int] = []
        private var wordStart = 0
        /// Where the current run of combining marks begins: just after the last starter.
        private var runStart = 0

        /// Creates an empty buffer.
        init() {
            scalars.reserveCapacity(256)
            ends.reserveCapacity(64)
        }

        /// How many words the buffer holds.
        var count: Int { ends.count }

        /// The scalar values of word `index`.
        subscript(index: Int) -> ArraySlice<UInt32> {
            scalars[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
        }

        /// Calls `body` with each word's scalars, in order, without copying them.
        func forEachWord(_ body: (UnsafeBufferPointer<UInt32>) -> Void) {
            scalars.withUnsafeBufferPointer { buffer in
                var start = 0
                for end in ends {
                    body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                    start = end
                }
            }
        }

        /// Empties the buffer, keeping its storage.
        mutating func removeAll() {
            scalars.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            wordStart = 0
            runStart = 0
        }

        /// Appends a scalar of combining class 0 to the current word.
        @inline(__always)
        mutating func appendStarter(_ scalar: UInt32) {
            scalars.append(scalar)
            runStart = scalars.count
        }

        /// Appends a combining mark, moving it before the marks of its run that have a higher
        /// combining class, as NFD's stable canonical ordering does.
        mutating func appendMark(
            _ scalar: UInt32, combiningClass: UInt8, classOf: (UInt32) -> UInt8
        ) {
            var position = scalars.count
            while position > runStart, classOf(scalars[position - 1]) > combiningClass {
                position -= 1
            }
            scalars.insert(scalar, at: position)
        }

        /// Appends a punctuation scalar as a word of its own.
        @inline(__always)
        mutating func appendPunctuation(_ scalar: UInt32) {
            endWord()
            scalars.append(scalar)
            endWord()
        }

        /// Ends the current run of combining marks without ending the word.
        @inline(__always)
        mutating func endRun() {
            runStart = scalars.count
        }

        /// Ends the current word, if it has any scalars.
        @inline(__always)
        mutating func endWord() {
            if scalars.count > wordStart {
                ends.append(scalars.count)
                wordStart = scalars.count
            }
            runStart = scalars.count
        }
    }
}
