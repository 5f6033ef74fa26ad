import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal side of `evalctl review`: raw mode (keys without Enter, no echo) on standard input, the screen drawn
/// on standard output, and the terminal restored however the session ends: `q`, Ctrl-C, SIGTERM, SIGHUP or an error.
///
/// ```swift
/// let outcome = try await ReviewTerminal().run(ReviewSession(queue: queue, reviewer: "ana"), store: store)
/// ```
public struct ReviewTerminal: Sendable {
    public init() {}

    /// Whether standard input and output are both a terminal (else `review` points to export and import).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Runs the session until the reviewer quits; each label is stored the moment it is given.
    public func run(_ start: ReviewSession, store: any ResultStore) async throws -> ReviewSession {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw ReviewTerminalError.notATerminal }
        let original = saved
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        raw.c_cc.6 = 1  // VMIN: a read returns after one byte
        raw.c_cc.5 = 0  // VTIME: no timeout
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else { throw ReviewTerminalError.notATerminal }
        let signals = Self.restoreOnSignals(original)
        Self.write("\u{1B}[?1049h\u{1B}[?25l")
        defer {
            var restore = original
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &restore)
            Self.write("\u{1B}[?25h\u{1B}[?1049l")
            for source in signals { source.cancel() }
        }
        var session = start
        var reader = KeyReader()
        while true {
            draw(session)
            guard let key = reader.next() else { break }
            switch session.handle(key) {
            case .redraw: continue
            case .quit: return session
            case .save(let label):
                do {
                    try await store.recordReviewLabels([label])
                    session.saved(label)
                } catch {
                    session.failedToSave(SecretRedactor.shapesOnly.redact("\(error)"))
                }
            }
        }
        return session
    }

    private func draw(_ session: ReviewSession) {
        let (width, height) = Self.size()
        let lines = session.screen(width: width, height: height)
        Self.write("\u{1B}[H" + lines.joined(separator: "\u{1B}[K\r\n") + "\u{1B}[K\u{1B}[J")
    }

    /// The terminal's columns and rows; 80×24 when it does not say.
    static func size() -> (Int, Int) {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return (80, 24) }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Writes to the terminal, ignoring errors: after a hang-up (SIGHUP) there is no terminal left to tell.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// On SIGINT, SIGTERM or SIGHUP: the terminal's own mode back, the normal screen, then exit (130, 143, 129).
    private static func restoreOnSignals(_ original: termios) -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "evalctl.review.signals")
        return [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                var restore = original
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &restore)
                write("\u{1B}[?25h\u{1B}[?1049l")
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }
}

/// Turns the bytes of standard input into keys: arrows (`ESC [ A`/`B`), Enter, Backspace, Ctrl-C, and characters.
struct KeyReader {
    private var pending: [UInt8] = []

    mutating func next() -> ReviewSession.Key? {
        while true {
            if let key = Self.decode(&pending) { return key }
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            pending += buffer[0..<count]
        }
    }

    /// The first key in `bytes` (removed), or nil when more bytes are needed.
    static func decode(_ bytes: inout [UInt8]) -> ReviewSession.Key? {
        guard let first = bytes.first else { return nil }
        switch first {
        case 0x1B:
            if bytes.count >= 3, bytes[1] == UInt8(ascii: "[") {
                let key: ReviewSession.Key = bytes[2] == UInt8(ascii: "A") ? .up : bytes[2] == UInt8(ascii: "B") ? .down : .escape
                bytes.removeFirst(3)
                return key
            }
            bytes.removeFirst()
            return .escape
        case 0x0D, 0x0A: bytes.removeFirst(); return .enter
        case 0x7F, 0x08: bytes.removeFirst(); return .backspace
        case 0x03: bytes.removeFirst(); return .interrupt
        case ..<0x20: bytes.removeFirst(); return .escape
        default:
            let length = first < 0xC0 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
            guard bytes.count >= length else { return nil }
            let text = String(decoding: bytes[0..<length], as: UTF8.self)
            bytes.removeFirst(length)
            return .character(text.first ?? "\u{FFFD}")
        }
    }
}

/// Why the interactive screen could not start.
public enum ReviewTerminalError: Error, Sendable, DescribedError {
    case notATerminal

    public var description: String {
        "standard input is not a terminal: label with `evalctl review export` and `evalctl review import` instead"
    }
}
