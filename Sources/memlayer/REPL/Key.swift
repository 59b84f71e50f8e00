/// One key press at the chat prompt, decoded from the bytes a terminal sends.
enum Key: Equatable {
    /// Printable text: one or more Unicode scalars, as typed or pasted.
    case text(String)
    case enter
    case backspace
    /// Delete the character under the cursor (the Delete key).
    case delete
    case left, right, up, down
    case home, end
    case wordLeft, wordRight
    /// Ctrl-K: delete from the cursor to the end of the line.
    case killToEnd
    /// Ctrl-U: delete from the start of the line to the cursor.
    case killToStart
    /// Ctrl-W (and Alt-Backspace): delete the word before the cursor.
    case deleteWordBefore
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D: end of input on an empty line, else Delete.
    case endOfInput
    /// Ctrl-L.
    case clearScreen
}
