import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `memlayer` binary on a pseudo-terminal, driven as a person at a keyboard would: the
/// bytes sent are what a terminal sends for each key, and everything the program writes (prompt
/// redraws, echo, colours) is read back from the terminal's master side.
///
/// The program runs in a session of its own with the pseudo-terminal as its controlling
/// terminal (`setsid --ctty`), so Ctrl-C reaches it as SIGINT through the terminal driver exactly
/// as it would from a real keyboard.
final class TerminalSession {
    private let master: Int32
    private let process = Process()
    /// Everything read from the terminal so far.
    private(set) var output: [UInt8] = []
    /// Where ``expect(_:timeout:)`` starts looking.
    private var mark = 0
    /// True once the program's side of the terminal is closed (it has ended).
    private var closed = false

    var text: String { String(decoding: output, as: UTF8.self) }

    /// Starts `memlayer ARGS` on a terminal `columns` wide, in `directory`.
    init(arguments: [String], directory: URL, environment: [String: String] = [:], columns: UInt16 = 80) throws {
        master = PTY.openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grant(master) == 0, PTY.unlock(master) == 0, let name = PTY.name(master) else {
            throw TerminalError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let replica = open(String(cString: name), O_RDWR | O_NOCTTY)
        guard replica >= 0 else { throw TerminalError("cannot open \(String(cString: name))") }
        defer { close(replica) }
        let handle = FileHandle(fileDescriptor: replica, closeOnDealloc: false)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty", "--wait", CLIRunner.binary.path] + arguments
        process.currentDirectoryURL = directory
        var base = CLIRunner.baseEnvironment
        base["TERM"] = "xterm-256color"
        process.environment = base.merging(environment) { $1 }
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Types `keys` (raw bytes: "\r" is Enter, "\u{1B}[A" the up arrow, "\u{3}" Ctrl-C).
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until the output written since the last match contains `text`; true if it did in
    /// time. Later expectations look after the match.
    @discardableResult
    func expect(_ text: String, timeout: Duration = .seconds(20)) -> Bool {
        let wanted = Array(text.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let range = find(wanted, from: mark) {
                mark = range
                return true
            }
            guard ContinuousClock.now < deadline, !closed else { return false }
            _ = readSome(waitingAtMost: 100)
        }
    }

    /// Types `keys` once the program shows `prompt` (by default the chat's).
    func answerPrompt(_ keys: String, prompt: String = ">>> ") -> Bool {
        // The editor switches the terminal to raw mode before it draws the prompt.
        guard expect(prompt) else { return false }
        send(keys)
        return true
    }

    /// The exit status once the program has ended, or nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            _ = readSome(waitingAtMost: 50)
        }
        while readSome(waitingAtMost: 10) {}
        return process.terminationStatus
    }

    /// Reads what is there; false when nothing came (time ran out, or the program closed the terminal).
    private func readSome(waitingAtMost milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        guard count > 0 else {
            closed = true
            return false
        }
        output += buffer[..<count]
        return true
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, output.count - start >= needle.count else { return nil }
        for index in start...(output.count - needle.count)
        where output[index..<(index + needle.count)].elementsEqual(needle) {
            return index + needle.count
        }
        return nil
    }
}

/// glibc declares the pseudo-terminal functions only for `_XOPEN_SOURCE`, which the Glibc module
/// is not built with, so they are looked up in the C library by name.
private enum PTY {
    private static func function<T>(_ name: String, as type: T.Type) -> T {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("no \(name) in libc") }
        return unsafeBitCast(symbol, to: type)
    }

    static let openMaster = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grant = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlock = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let name = function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}

struct TerminalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
