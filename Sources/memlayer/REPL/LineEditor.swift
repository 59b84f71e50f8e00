/// Reads one line at a time from a terminal, with editing keys and history, like the prompts of
/// `ollama run`, a shell or Python: arrows, Home/End, Ctrl-A/E/B/F/P/N/K/U/W/L, Alt-B/F,
/// Backspace and Delete, over UTF-8 text.
///
/// Keys that arrive after Enter (a pasted block of lines) are kept for the next call, so each
/// pasted line is entered in turn.
struct LineEditor {
    /// How a read ended.
    enum Outcome: Equatable {
        /// Enter was pressed on this text.
        case line(String)
        /// Ctrl-C; `discarded` says whether the line held text (which is dropped).
        case interrupted(discarded: Bool)
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    /// How often a waiting prompt looks for notes to show above it.
    static let noteInterval: Int32 = 200
    /// How long a lone ESC waits for the rest of a sequence.
    static let escapeWait: Int32 = 50

    private(set) var history: ChatHistory
    private var decoder = KeyDecoder()
    private var pendingKeys: [Key] = []

    init(history: ChatHistory) { self.history = history }

    /// Reads one line after `prompt`. While waiting, lines from `notes` are printed above the
    /// prompt (and the line being edited is drawn again below them).
    mutating func readLine(prompt: String, notes: () -> [String] = { [] }) -> Outcome {
        var terminal = RawTerminal()
        guard terminal.enterRawMode() else { return .endOfInput }
        defer { terminal.restore() }
        var session = EditSession(renderer: LineRenderer(prompt: prompt), historyEntries: history.entries)
        RawTerminal.write(session.redraw())
        while true {
            while !pendingKeys.isEmpty {
                let key = pendingKeys.removeFirst()
                if let outcome = session.apply(key) {
                    if case .line(let text) = outcome { history.add(text) }
                    return outcome
                }
            }
            guard let bytes = RawTerminal.read(waitingAtMost: decoder.isPending ? Self.escapeWait : Self.noteInterval)
            else {
                RawTerminal.write(session.finishLine())
                return .endOfInput
            }
            if bytes.isEmpty {
                decoder.flush()
                let lines = notes()
                if !lines.isEmpty { RawTerminal.write(session.show(notes: lines)) }
                continue
            }
            pendingKeys += decoder.feed(bytes)
        }
    }
}

/// One line being edited: the buffer, where history browsing is, and what to draw.
private struct EditSession {
    var renderer: LineRenderer
    let historyEntries: [String]
    var buffer = LineBuffer()
    /// Which history entry is shown; `historyEntries.count` is the line being typed.
    var historyIndex: Int
    /// The line being typed, kept while older entries are browsed.
    var draft = ""

    init(renderer: LineRenderer, historyEntries: [String]) {
        self.renderer = renderer
        self.historyEntries = historyEntries
        historyIndex = historyEntries.count
    }

    /// Applies `key`, redrawing; returns the outcome when the key ends the read.
    mutating func apply(_ key: Key) -> LineEditor.Outcome? {
        switch key {
        case .enter:
            RawTerminal.write(finishLine())
            return .line(buffer.text)
        case .interrupt:
            let discarded = !buffer.isEmpty
            RawTerminal.write(finishLine(suffix: "^C"))
            return .interrupted(discarded: discarded)
        case .endOfInput:
            guard buffer.isEmpty else {
                buffer.deleteForward()
                break
            }
            RawTerminal.write(finishLine())
            return .endOfInput
        case .text(let text): buffer.insert(text)
        case .backspace: buffer.deleteBackward()
        case .delete: buffer.deleteForward()
        case .left: buffer.moveLeft()
        case .right: buffer.moveRight()
        case .home: buffer.moveHome()
        case .end: buffer.moveEnd()
        case .wordLeft: buffer.moveWordLeft()
        case .wordRight: buffer.moveWordRight()
        case .killToEnd: buffer.killToEnd()
        case .killToStart: buffer.killToStart()
        case .deleteWordBefore: buffer.deleteWordBefore()
        case .up: browse(by: -1)
        case .down: browse(by: 1)
        case .clearScreen:
            _ = renderer.erase()
            RawTerminal.write("\u{1B}[H\u{1B}[2J")
        }
        RawTerminal.write(redraw())
        return nil
    }

    mutating func redraw() -> String {
        renderer.draw(buffer, columns: RawTerminal.columns)
    }

    /// Draws the line with the cursor at its end (and `suffix` after it), then moves to a new row.
    mutating func finishLine(suffix: String = "") -> String {
        var whole = buffer
        whole.moveEnd()
        return renderer.draw(whole, columns: RawTerminal.columns) + suffix + renderer.finish()
    }

    /// Prints `notes` where the prompt was, dimmed, and draws the prompt again below them.
    mutating func show(notes: [String]) -> String {
        renderer.erase() + notes.map { ChatNotes.dimmed($0) + "\n" }.joined() + redraw()
    }

    private mutating func browse(by step: Int) {
        let target = historyIndex + step
        guard target >= 0, target <= historyEntries.count, target != historyIndex else { return }
        if historyIndex == historyEntries.count { draft = buffer.text }
        historyIndex = target
        buffer = LineBuffer(target == historyEntries.count ? draft : historyEntries[target])
    }
}
