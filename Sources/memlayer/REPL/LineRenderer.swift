/// Draws the prompt and the line being edited, wrapped over as many terminal rows as it takes,
/// and puts the cursor where the buffer's cursor is. Each redraw starts from the row the last one
/// left the cursor on, so a line longer than the terminal is redrawn in place.
struct LineRenderer {
    let prompt: String
    /// The row of the cursor, counted from the prompt's row, after the last draw.
    private var cursorRow = 0

    init(prompt: String) { self.prompt = prompt }

    /// The bytes that redraw `buffer` on a terminal `columns` wide.
    mutating func draw(_ buffer: LineBuffer, columns: Int) -> String {
        let columns = max(1, columns)
        var out = rewind()
        out += prompt + buffer.text
        let promptWidth = DisplayWidth.of(prompt)
        let end = promptWidth + DisplayWidth.of(buffer.text)
        // Text that fills the last column leaves the cursor there; a newline moves it on.
        if end > 0 && end % columns == 0 { out += "\n" }
        let endRow = end / columns
        let position = promptWidth + DisplayWidth.of(buffer.beforeCursor)
        let row = position / columns
        if endRow > row { out += "\u{1B}[\(endRow - row)A" }
        out += "\r"
        if position % columns > 0 { out += "\u{1B}[\(position % columns)C" }
        cursorRow = row
        return out
    }

    /// Moves to the prompt's first column and clears from there down: the line is gone.
    mutating func erase() -> String {
        let out = rewind()
        cursorRow = 0
        return out
    }

    /// After the line was drawn with the cursor at its end: the next output starts on a new row.
    mutating func finish() -> String {
        cursorRow = 0
        return "\n"
    }

    private func rewind() -> String {
        (cursorRow > 0 ? "\u{1B}[\(cursorRow)A" : "") + "\r\u{1B}[J"
    }
}
