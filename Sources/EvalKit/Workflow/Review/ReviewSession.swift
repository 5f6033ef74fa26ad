import Foundation

/// The state of an interactive review: which item is shown, what the reviewer is typing, and what a key does.
/// Keys are handled here without a terminal, so the rules are tested apart from `ReviewTerminal`.
///
/// `p` pass and `f` fail label the item and move on; `s` skips; `n` asks for a one-line note, then `p` or `f`;
/// `b` goes back; `m` shows sections whole; `j`/`k` or the arrow keys scroll; `q` (or Ctrl-C) quits.
public struct ReviewSession: Sendable {
    public enum Key: Sendable, Equatable {
        case character(Character), enter, backspace, escape, up, down, interrupt
    }

    /// What the caller must do after a key: store a label (then call `saved`), quit, or only redraw.
    public enum Action: Sendable, Equatable {
        case redraw, save(ReviewLabel), quit
    }

    enum Mode: Sendable, Equatable {
        case browsing
        /// Typing a note (`n`); Enter ends it.
        case typingNote(String)
        /// A note is typed; `p` or `f` labels with it.
        case noteReady(String)
    }

    public private(set) var queue: ReviewQueue
    public let reviewer: String
    /// The item shown; `queue.items.count` is the end-of-queue screen.
    public private(set) var index: Int
    /// Labels stored in this session.
    public private(set) var saved = 0
    var mode = Mode.browsing
    var expanded = false
    var scroll = 0
    var status = ""
    public static let maximumNoteCharacters = 500

    /// Starts at the first item `reviewer` has not labelled (the end screen when every one is).
    public init(queue: ReviewQueue, reviewer: String) {
        self.queue = queue
        self.reviewer = reviewer
        index = queue.firstUnlabelled(by: reviewer) ?? queue.items.count
        let done = queue.items.count - queue.items.filter { $0.label(by: reviewer) == nil }.count
        if done > 0 { status = "resuming: \(done) of \(queue.items.count) already labelled by you" }
    }

    public mutating func handle(_ key: Key, at now: Date = Date()) -> Action {
        switch mode {
        case .typingNote(let note):
            switch key {
            case .enter:
                mode = .noteReady(note)
                status = "note: \(note) · now p (pass) or f (fail), Esc to drop the note"
            case .escape, .interrupt: mode = .browsing; status = "note dropped"
            case .backspace: setNote(String(note.dropLast()))
            case .character(let c): if note.count < Self.maximumNoteCharacters { setNote(note + String(c)) }
            default: break
            }
            return .redraw
        case .noteReady(let note):
            switch key {
            case .character("p"): return label(.pass, note: note, at: now)
            case .character("f"): return label(.fail, note: note, at: now)
            case .escape: mode = .browsing; status = "note dropped"
            case .interrupt, .character("q"): return .quit
            default: status = "note: \(note) · press p (pass) or f (fail), Esc to drop the note"
            }
            return .redraw
        case .browsing:
            break
        }
        switch key {
        case .character("q"), .interrupt: return .quit
        case .character("p"): return label(.pass, note: nil, at: now)
        case .character("f"): return label(.fail, note: nil, at: now)
        case .character("n"):
            guard index < queue.items.count else { return .redraw }
            setNote("")
        case .character("s"):
            guard index < queue.items.count else { return .redraw }
            status = "skipped \(queue.items[index].caseLabel)"
            move(to: index + 1)
        case .character("b"):
            guard index > 0 else { status = "this is the first item"; return .redraw }
            status = ""
            move(to: index - 1)
        case .character("m"): expanded.toggle(); scroll = 0
        case .character("j"), .down: scroll += 1
        case .character("k"), .up: scroll = max(0, scroll - 1)
        default: status = "keys: " + ReviewScreen.keys
        }
        return .redraw
    }

    /// The label was stored: it becomes the item's current label for this reviewer, and the next item is shown.
    public mutating func saved(_ label: ReviewLabel) {
        if let position = queue.items.firstIndex(where: { $0.id == label.resultID }) {
            queue.items[position].labels.removeAll { $0.reviewer == label.reviewer }
            queue.items[position].labels.append(label)
            queue.items[position].labels.sort { $0.reviewer < $1.reviewer }
            status = "saved \(label.label.rawValue) for \(queue.items[position].caseLabel)"
        }
        saved += 1
        move(to: index + 1)
    }

    /// Storing the label failed: the item stays, with the reason.
    public mutating func failedToSave(_ reason: String) {
        status = "NOT saved: \(reason)"
    }

    public func screen(width: Int, height: Int) -> [String] {
        var screen = ReviewScreen(item: index < queue.items.count ? queue.items[index] : nil, position: index, count: queue.items.count,
                                  runID: queue.runID, queueName: ReviewQueueKind.name(queue.kinds), reviewer: reviewer, status: status)
        screen.expanded = expanded
        screen.scroll = min(scroll, screen.maximumScroll(width: width, height: height))
        return screen.lines(width: width, height: height)
    }

    private mutating func label(_ verdict: ReviewLabel.Verdict, note: String?, at now: Date) -> Action {
        mode = .browsing
        guard index < queue.items.count else { status = "end of the queue: b to go back, q to quit"; return .redraw }
        return .save(ReviewLabel(resultID: queue.items[index].id, reviewer: reviewer, label: verdict,
                                 note: note.flatMap { $0.isEmpty ? nil : $0 }, labelledAt: now))
    }

    private mutating func setNote(_ note: String) {
        mode = .typingNote(note)
        status = "note (Enter to finish, Esc to cancel): \(note)_"
    }

    private mutating func move(to position: Int) {
        index = min(max(0, position), queue.items.count)
        scroll = 0
    }
}
