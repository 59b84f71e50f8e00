import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal on standard input and output, switched to raw mode while a line is edited:
/// no echo, no line buffering, and Ctrl-C, Ctrl-Z and Ctrl-V arrive as keys instead of signals.
/// Output processing stays on, so `\n` still starts a new line.
struct RawTerminal {
    private var saved: termios?

    /// True when both standard input and standard output are terminals.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Switches to raw mode; false when the terminal refused. Type-ahead is kept.
    mutating func enterRawMode() -> Bool {
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return false }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0 else { return false }
        saved = original
        return true
    }

    /// Puts back the mode found by ``enterRawMode()``.
    mutating func restore() {
        guard var original = saved else { return }
        _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &original)
        saved = nil
    }

    /// The terminal's width in columns (80 when it does not say).
    static var columns: Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// What arrived on standard input within `milliseconds`: some bytes, none (`[]`, the time
    /// ran out), or nil at the end of input.
    static func read(waitingAtMost milliseconds: Int32) -> [UInt8]? {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready == 0 || (ready < 0 && errno == EINTR) { return [] }
        guard ready > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { bytes in
                #if canImport(Glibc)
                    Glibc.read(STDIN_FILENO, bytes.baseAddress, bytes.count)
                #else
                    Darwin.read(STDIN_FILENO, bytes.baseAddress, bytes.count)
                #endif
            }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Array(buffer[..<count]) : nil
        }
    }

    /// Writes terminal control sequences and text as they are (the caller escapes untrusted text).
    static func write(_ text: String) {
        try? StandardOutput.descriptor.write(Data(text.utf8))
    }
}
