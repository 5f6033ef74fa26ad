import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Shows a run's progress on standard error: one line rewritten in place on a terminal (at most 10 times a second),
/// or a plain line every 10% / 30 s when the output is a log (CI).
public final class ProgressLine: RunProgressObserver {
    private let console = Console()
    private let interactive: Bool
    /// The terminal's width: the in-place line is cut to fit, since a wrapped line cannot be rewritten with `\r`.
    private let columns: Int?
    private let state = Mutex<(lastDraw: Double, lastPercent: Int)>((-1, -1))

    public init(interactive: Bool = Console.standardErrorIsTerminal, columns: Int? = Console.columns(of: STDERR_FILENO)) {
        self.interactive = interactive
        self.columns = columns
    }

    public func runStarted(_ progress: RunProgress) {
        if !interactive { console.error("running \(progress.total) cases") }
    }

    public func caseFinished(_ progress: RunProgress) {
        let shouldDraw = state.withLock { last -> Bool in
            if interactive {
                guard progress.elapsed - last.lastDraw >= 0.1 || progress.done == progress.total else { return false }
                last.lastDraw = progress.elapsed
                return true
            }
            let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
            // The last case is reported by `runFinished`.
            guard progress.done < progress.total else { return false }
            guard percent / 10 > last.lastPercent / 10 || progress.elapsed - last.lastDraw >= 30 else { return false }
            last = (progress.elapsed, percent)
            return true
        }
        guard shouldDraw else { return }
        if interactive {
            console.errorRaw("\r\u{1B}[K" + Self.fit(Self.describe(progress), columns: columns))
        } else {
            console.error(Self.describe(progress))
        }
    }

    public func runFinished(_ progress: RunProgress) {
        if interactive {
            console.errorRaw("\r\u{1B}[K")
        }
        console.error(Self.describe(progress, final: true))
    }

    public func backendThrottled(_ backend: String, maximum: Int, lowest: Int, final: Int, times: Int) {
        console.error("backend \(backend) rate-limited the run \(times) time\(times == 1 ? "" : "s"): requests in flight went from \(maximum) down to \(lowest), \(final) at the end")
    }

    /// Every circuit transition, with the time, on a line of its own (the progress line is drawn again after it).
    public func backendEvent(_ event: BackendEvent) {
        let line = "\(DateText.utc(Date())) UTC  \(event.description)"
        if interactive { console.errorRaw("\r\u{1B}[K") }
        console.error(TerminalText.sanitize(line, limit: 400))
    }

    /// `[ 120/270] 44% pass 61.7%  errors 0  elapsed 12s  eta 15s`
    static func describe(_ progress: RunProgress, final: Bool = false) -> String {
        let width = String(progress.total).count
        let done = String(repeating: " ", count: max(0, width - String(progress.done).count)) + String(progress.done)
        let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
        // As in the summary: when every case so far errored there is no pass rate, not 0.0%.
        let passRate = progress.allErrored ? "   n/a" : String(format: "%5.1f", progress.passRate * 100) + "%"
        var line = "[\(done)/\(progress.total)] \(String(format: "%3d", percent))%  pass \(passRate)  errors \(progress.errored)  elapsed \(duration(progress.elapsed))"
        if final {
            line += "  done"
        } else if let remaining = progress.estimatedRemaining {
            line += "  eta \(duration(remaining))"
        }
        return line
    }

    /// `line` cut to `columns - 1` characters (the last column would move the cursor to the next line on some terminals).
    static func fit(_ line: String, columns: Int?) -> String {
        guard let columns, line.count >= columns else { return line }
        return String(line.prefix(max(1, columns - 1)))
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m"
    }
}
