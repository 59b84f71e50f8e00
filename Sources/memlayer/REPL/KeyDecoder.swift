/// Turns the bytes a terminal sends in raw mode into ``Key``s: control characters, `ESC [ … `
/// and `ESC O …` sequences (xterm, VT220 and rxvt spellings of the arrow, Home, End and Delete
/// keys), Alt-letter pairs, and UTF-8 text split anywhere across reads.
///
/// A pure state machine, fed with bytes and tested without a terminal. A lone ESC cannot be
/// told apart from the start of a sequence until more bytes come; ``flush()`` drops it when the
/// terminal has gone quiet.
struct KeyDecoder {
    private enum State {
        case ground
        /// After ESC.
        case escape
        /// After `ESC [` or `ESC O`: the parameter bytes so far.
        case sequence(introducer: UInt8, parameters: [UInt8])
        /// Inside a UTF-8 character: the bytes so far and how many it needs.
        case utf8(bytes: [UInt8], needed: Int)
    }

    private var state = State.ground

    /// True while bytes of an unfinished key are held.
    var isPending: Bool {
        if case .ground = state { return false }
        return true
    }

    /// The keys completed by `bytes`.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        var keys: [Key] = []
        for byte in bytes {
            if let key = feed(byte) { keys.append(key) }
        }
        return coalesced(keys)
    }

    /// Forgets a held partial key (a lone ESC, a cut UTF-8 character).
    mutating func flush() { state = .ground }

    private mutating func feed(_ byte: UInt8) -> Key? {
        switch state {
        case .ground:
            return ground(byte)
        case .escape:
            state = .ground
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "O"):
                state = .sequence(introducer: byte, parameters: [])
                return nil
            case UInt8(ascii: "b"): return .wordLeft
            case UInt8(ascii: "f"): return .wordRight
            case 0x7F, 0x08: return .deleteWordBefore
            case 0x1B:
                state = .escape
                return nil
            default: return nil
            }
        case .sequence(let introducer, var parameters):
            if (0x30...0x3F).contains(byte) {  // digits, ';' and friends
                parameters.append(byte)
                state = parameters.count > 16 ? .ground : .sequence(introducer: introducer, parameters: parameters)
                return nil
            }
            state = .ground
            return Self.sequenceKey(final: byte, parameters: String(decoding: parameters, as: UTF8.self))
        case .utf8(var bytes, let needed):
            guard byte & 0xC0 == 0x80 else {  // not a continuation byte: drop the cut character
                state = .ground
                return ground(byte)
            }
            bytes.append(byte)
            if bytes.count < needed {
                state = .utf8(bytes: bytes, needed: needed)
                return nil
            }
            state = .ground
            let text = String(decoding: bytes, as: UTF8.self)
            return text.unicodeScalars.contains("\u{FFFD}") ? nil : .text(text)
        }
    }

    private mutating func ground(_ byte: UInt8) -> Key? {
        switch byte {
        case 0x01: return .home
        case 0x02: return .left
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x05: return .end
        case 0x06: return .right
        case 0x08, 0x7F: return .backspace
        case 0x0A, 0x0D: return .enter
        case 0x0B: return .killToEnd
        case 0x0C: return .clearScreen
        case 0x0E: return .down
        case 0x10: return .up
        case 0x15: return .killToStart
        case 0x17: return .deleteWordBefore
        case 0x1B:
            state = .escape
            return nil
        case 0x20...0x7E: return .text(String(UnicodeScalar(byte)))
        case 0xC2...0xDF:
            state = .utf8(bytes: [byte], needed: 2)
            return nil
        case 0xE0...0xEF:
            state = .utf8(bytes: [byte], needed: 3)
            return nil
        case 0xF0...0xF4:
            state = .utf8(bytes: [byte], needed: 4)
            return nil
        default: return nil  // other control characters, stray continuation bytes
        }
    }

    private static func sequenceKey(final: UInt8, parameters: String) -> Key? {
        // A modifier (`1;5` is Ctrl, `1;3` Alt) turns the arrows into word moves.
        let modified = parameters.contains(";")
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return modified ? .wordRight : .right
        case UInt8(ascii: "D"): return modified ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameters.split(separator: ";").first ?? "" {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return nil
            }
        default: return nil
        }
    }

    /// Runs of typed text joined into one key, so a paste is inserted (and redrawn) once.
    private func coalesced(_ keys: [Key]) -> [Key] {
        var result: [Key] = []
        for key in keys {
            if case .text(let more) = key, case .text(let text)? = result.last {
                result[result.count - 1] = .text(text + more)
            } else {
                result.append(key)
            }
        }
        return result
    }
}
