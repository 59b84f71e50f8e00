/// The line being edited and the cursor in it, counted in characters (grapheme clusters), so an
/// accented letter, an emoji or a CJK character moves and deletes as one.
struct LineBuffer: Equatable {
    private(set) var characters: [Character] = []
    /// Where the next character goes: 0 … `characters.count`.
    private(set) var cursor = 0

    init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    var text: String { String(characters) }
    var isEmpty: Bool { characters.isEmpty }
    /// The text before the cursor.
    var beforeCursor: String { String(characters[..<cursor]) }

    /// Inserts `text` at the cursor. A combining mark joins the character before it, as it would
    /// on screen.
    mutating func insert(_ text: String) {
        let before = String(characters[..<cursor]) + text
        let after = characters[cursor...]
        let joined = Array(before + String(after))
        // Characters that merged across the cursor (a mark typed before a mark) shift it back.
        cursor = joined.count - after.count
        characters = joined
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    mutating func moveLeft() { cursor = max(0, cursor - 1) }
    mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    mutating func moveHome() { cursor = 0 }
    mutating func moveEnd() { cursor = characters.count }

    mutating func killToEnd() { characters.removeSubrange(cursor...) }

    mutating func killToStart() {
        characters.removeSubrange(..<cursor)
        cursor = 0
    }

    /// Ctrl-W as in a shell: the spaces before the cursor, then the word before them.
    mutating func deleteWordBefore() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// To the start of the word before the cursor (Alt-B, Ctrl-Left).
    mutating func moveWordLeft() {
        while cursor > 0, !Self.isWord(characters[cursor - 1]) { cursor -= 1 }
        while cursor > 0, Self.isWord(characters[cursor - 1]) { cursor -= 1 }
    }

    /// To the end of the word after the cursor (Alt-F, Ctrl-Right).
    mutating func moveWordRight() {
        while cursor < characters.count, !Self.isWord(characters[cursor]) { cursor += 1 }
        while cursor < characters.count, Self.isWord(characters[cursor]) { cursor += 1 }
    }

    private static func isWord(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
