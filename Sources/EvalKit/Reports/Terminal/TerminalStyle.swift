import Foundation

/// `--color never|auto|always`: whether verdict and status words are coloured.
public enum ColorChoice: String, Sendable, CaseIterable {
    case never, auto, always

    /// `auto` colours only a terminal, and never when `NO_COLOR` is set to anything non-empty (https://no-color.org).
    public func enabled(isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch self {
        case .never: false
        case .always: true
        case .auto: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}

/// Colours verdict and status words for a terminal; `plain` leaves text untouched (files, pipes, JSON, Markdown).
///
/// ```swift
/// TerminalStyle(enabled: true).paint("REGRESSION", .red)   // "\u{1B}[31mREGRESSION\u{1B}[0m"
/// ```
public struct TerminalStyle: Sendable {
    public enum Color: String, Sendable { case red = "31", green = "32", yellow = "33" }

    public let enabled: Bool
    /// The width the output should fit, when it goes to a terminal (or COLUMNS is set); nil means no limit.
    public let columns: Int?

    public init(enabled: Bool, columns: Int? = nil) {
        self.enabled = enabled
        self.columns = columns
    }

    public static let plain = TerminalStyle(enabled: false)

    /// The style for standard output under `choice`.
    public static func standardOutput(_ choice: ColorChoice) -> TerminalStyle {
        TerminalStyle(enabled: choice.enabled(isTerminal: Console.standardOutputIsTerminal), columns: Console.columns(of: STDOUT_FILENO))
    }

    public func paint(_ text: String, _ color: Color) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A run's status word in the colour of what it means: completed green, failed red, anything unfinished yellow.
    public func verdict(_ status: RunStatus) -> String {
        let text = status.rawValue
        guard enabled else { return text }
        return switch status {
        case .completed: paint(text, .green)
        case .failed, .abandoned: paint(text, .red)
        case .running, .interrupted, .budgetStopped: paint(text, .yellow)
        }
    }

    /// A verdict word in the colour of what it means: failures red, warnings yellow, success green.
    public func verdict(_ text: String) -> String {
        guard enabled else { return text }
        return switch text {
        case "ok", "no regression", "completed", "improved", "no change": paint(text, .green)
        case "REGRESSION", "ERRORS", "DRIFT", "failed", "errored", "regressed", "stopped": paint(text, .red)
        case "BELOW MIN", "INCOMPLETE", "inconclusive", "not significant", "drop within margin", "interrupted", "running", "ongoing":
            paint(text, .yellow)
        default: text
        }
    }

    /// Each line of `text` wider than `columns` broken at spaces, continued with a two-space indent (a word longer
    /// than the line is cut), so a terminal never wraps it mid-word or misaligns what follows.
    public static func wrap(_ text: String, columns: Int) -> String {
        let limit = max(20, columns)
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            guard visibleWidth(String(line)) > limit else { return [String(line)] }
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
                let candidate = current.isEmpty ? word : current + " " + word
                if visibleWidth(candidate) <= limit || current.trimmingCharacters(in: .whitespaces).isEmpty {
                    current = candidate
                } else {
                    lines.append(current)
                    current = "  " + word
                }
            }
            lines.append(current)
            return lines.map { visibleWidth($0) > limit && !$0.contains("\u{1B}") ? String($0.prefix(limit - 1)) + "…" : $0 }
        }.joined(separator: "\n")
    }

    /// The number of columns `text` takes on a terminal: escape sequences take none.
    public static func visibleWidth(_ text: String) -> Int {
        text.replacing(/\u{1B}\[[0-9;]*m/, with: "").count
    }
}
