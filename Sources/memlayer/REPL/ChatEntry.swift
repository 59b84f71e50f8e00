/// What the user entered at the chat prompt.
enum ChatEntry: Equatable {
    /// Text for the model.
    case message(String)
    /// A `/` command, handled by the chat itself and never sent to the model.
    case command(ChatSlashCommand)
    /// Ctrl-C at the prompt; `hint` when the line was empty (say how to leave, as ollama does).
    case interrupted(hint: Bool)
    /// Ctrl-D, or the end of standard input.
    case end
}

/// The chat's own commands.
enum ChatSlashCommand: Equatable {
    /// `/bye`, `/exit` or `/quit`.
    case leave
    /// `/help` or `/?`.
    case help
    /// `/clear`: forget the conversation so far (memory is kept).
    case clear
    /// Anything else starting with `/`.
    case unknown(String)

    /// The command `line` names, or nil when it does not start with `/`.
    init?(line: String) {
        guard line.hasPrefix("/") else { return nil }
        let word = String(line.split(separator: " ", maxSplits: 1).first ?? "").lowercased()
        switch word {
        case "/bye", "/exit", "/quit": self = .leave
        case "/help", "/?": self = .help
        case "/clear": self = .clear
        default: self = .unknown(word)
        }
    }

    static let helpText = """
        Commands:
          /clear          Forget this conversation (long-term memory is kept)
          /bye, /exit     Leave (or Ctrl-D on an empty line)
          /?, /help       Show this help

        Use \"\"\" to begin and end a message of several lines.

        Keys: ←/→ Ctrl-B/F move, Alt-B/F or Ctrl-←/→ by word, Home/End or Ctrl-A/E,
        ↑/↓ Ctrl-P/N history, Backspace/Delete, Ctrl-K/U delete to the end/start of the line,
        Ctrl-W delete the word before, Ctrl-L clear the screen, Ctrl-C stop an answer.

        """
}
