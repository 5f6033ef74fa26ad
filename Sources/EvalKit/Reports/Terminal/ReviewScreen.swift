import Foundation

/// One screen of `evalctl review`: a header (run, item k of n, queue, why queued), the item's input, expected answer,
/// output, scores and labels beside a label column, and two footer lines (a status line and the keys), exactly
/// `height` lines of at most `width` columns. Every text from a model, an eval set or a person is sanitized.
///
/// Sections are cut to fit (`… N more lines (m: more)`); `expanded` shows them whole, and `scroll` moves the body.
public struct ReviewScreen: Sendable {
    public var item: ReviewItem?
    public var position: Int
    public var count: Int
    public var runID: Int64
    public var queueName: String
    public var reviewer: String
    public var status: String
    public var expanded = false
    public var scroll = 0

    public static let keys = "p pass  f fail  s skip  n note  b back  m more  j/k scroll  q quit"
    static let labelWidth = 9

    public init(item: ReviewItem?, position: Int, count: Int, runID: Int64, queueName: String, reviewer: String, status: String) {
        self.item = item
        self.position = position
        self.count = count
        self.runID = runID
        self.queueName = queueName
        self.reviewer = reviewer
        self.status = status
    }

    /// The body's lines for `width` (every section whole when expanded, else cut to share `height`).
    public func body(width: Int, height: Int) -> [String] {
        guard let item else {
            return ["", "  End of the queue: \(count) item\(count == 1 ? "" : "s"), every one seen.", "  b: back to the last item, q: quit."]
        }
        let textWidth = max(10, width - Self.labelWidth - 2)
        let record = item.record
        let input = item.messages.flatMap { message in
            Self.wrap("\(Self.clean(message.role)): " + message.content, width: textWidth)
        }
        let expected = item.expected.map { Self.wrap($0, width: textWidth) }
            ?? Self.wrap("(none: \(item.expectedNote))", width: textWidth)
        let output = record.output.map { $0.isEmpty ? ["(empty output)"] : Self.wrap($0, width: textWidth) }
            ?? Self.wrap("(no output) \(record.error ?? "")", width: textWidth)
        let scores = item.result.scores.isEmpty ? ["(no scores)"] : item.result.scores.flatMap { score in
            Self.wrap("\(score.passed ? "✔" : "✘") \(score.scorer) \(Self.number(score.value)) (threshold \(Self.number(score.threshold))): \(score.reason)", width: textWidth)
        }
        let labels = item.labels.isEmpty ? ["none yet"] : item.labels.flatMap { label in
            Self.wrap("\(label.reviewer)\(label.reviewer == reviewer ? " (you)" : ""): \(label.label.rawValue)" + (label.note.map { " · \($0)" } ?? ""), width: textWidth)
        }
        // Output gets most of any room beyond an 80×24 screen; input the rest.
        let extra = max(0, height - 18)
        var limits = [4 + extra / 3, 2, 6 + extra - extra / 3, 4, 2]
        if expanded { limits = Array(repeating: Int.max, count: 5) }
        let sections = [("input", input), ("expected", expected), ("output", output), ("scores", scores), ("labels", labels)]
        var lines: [String] = []
        for ((name, content), limit) in zip(sections, limits) {
            var shown = Array(content.prefix(limit))
            if content.count > limit {
                shown[limit - 1] = "… \(content.count - limit + 1) more lines (m: more)"
            }
            for (index, line) in shown.enumerated() {
                let label = index == 0 ? name.padding(toLength: Self.labelWidth, withPad: " ", startingAt: 0) : String(repeating: " ", count: Self.labelWidth)
                lines.append("\(label)│ \(line)")
            }
        }
        return lines
    }

    /// Exactly `height` lines, none wider than `width` columns.
    public func lines(width: Int, height: Int) -> [String] {
        let width = max(20, width), height = max(8, height)
        var header: [String] = []
        let place = count == 0 ? "empty queue" : item == nil ? "end of queue (\(count) items)" : "item \(position + 1) of \(count)"
        header.append("evalctl review · run \(runID) · \(place) · queue \(queueName) · \(Self.clean(reviewer))")
        if let item {
            let record = item.record
            header.append("\(Self.clean(item.caseLabel)) · prompt \(Self.clean(record.promptID)) · backend \(Self.clean(record.backend)) · result \(item.id) · \(record.status.rawValue)")
            header.append("why: " + Self.clean(item.reasons.joined(separator: "; ")))
        } else {
            header += ["", ""]
        }
        header.append(String(repeating: "─", count: width))
        let bodyHeight = height - header.count - 2
        let body = self.body(width: width, height: bodyHeight)
        let start = min(max(0, scroll), max(0, body.count - bodyHeight))
        var window = Array(body.dropFirst(start).prefix(bodyHeight))
        window += Array(repeating: "", count: bodyHeight - window.count)
        var footerStatus = status
        if body.count > bodyHeight { footerStatus += (footerStatus.isEmpty ? "" : " · ") + "lines \(start + 1)-\(start + bodyHeight) of \(body.count)" }
        return (header + window + [Self.clean(footerStatus), Self.keys]).map { Self.fit($0, width: width) }
    }

    /// Whether the body is longer than its window (so scrolling moves it).
    public func maximumScroll(width: Int, height: Int) -> Int {
        max(0, body(width: max(20, width), height: max(8, height) - 6).count - (max(8, height) - 6))
    }

    /// Untrusted text as one line without escape sequences or controls.
    static func clean(_ text: String) -> String {
        TerminalText.sanitize(text, limit: 100_000)
    }

    /// Untrusted text, line by line, each sanitized and wrapped at `width` columns (at a space where one is near).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", used = 0
            for character in clean(String(raw)) {
                let columns = Self.columns(character)
                if used + columns > width, !line.isEmpty {
                    // At the space that overflows, or the last space when it leaves at least half a line, so words
                    // stay whole; else mid-word.
                    if character == " " {
                        lines.append(line)
                        (line, used) = ("", 0)
                        continue
                    } else if let space = line.lastIndex(of: " "), Self.columns(String(line[..<space])) >= width / 2 {
                        lines.append(String(line[..<space]))
                        line = String(line[line.index(after: space)...])
                        used = Self.columns(line)
                    } else {
                        lines.append(line)
                        (line, used) = ("", 0)
                    }
                }
                line.append(character)
                used += columns
            }
            lines.append(line)
            if lines.count > 10_000 { break }
        }
        return lines
    }

    /// `line` cut to `width` columns, ending in `…` when cut.
    static func fit(_ line: String, width: Int) -> String {
        guard columns(line) > width else { return line }
        var cut = "", used = 0
        for character in line {
            let columns = Self.columns(character)
            if used + columns > width - 1 { break }
            cut.append(character)
            used += columns
        }
        return cut + "…"
    }

    static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + columns($1) }
    }

    /// The columns a character takes on a terminal: 2 for East Asian wide and full-width characters and emoji, else 1
    /// (combining marks belong to the character they follow).
    static func columns(_ character: Character) -> Int {
        guard let value = character.unicodeScalars.first?.value else { return 0 }
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                                           0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                                           0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    static func number(_ value: Double) -> String { JSONValue.format(number: value) }
}
