import Testing
@testable import EvalKit

@Suite("Terminal output")
struct TerminalOutputTests {
    @Test("the progress line shows done/total, percent, pass rate, errors, elapsed and ETA")
    func progressLine() {
        var progress = RunProgress(total: 270)
        progress.done = 120
        progress.passed = 74
        progress.failed = 44
        progress.errored = 2
        progress.elapsed = 12
        #expect(ProgressLine.describe(progress) == "[120/270]  44%  pass  61.7%  errors 2  elapsed 12s  eta 15s")
        progress.done = 270
        #expect(ProgressLine.describe(progress, final: true).hasSuffix("elapsed 12s  done"))
        var failing = RunProgress(total: 600)
        failing.done = 600
        failing.errored = 600
        #expect(ProgressLine.describe(failing, final: true) == "[600/600] 100%  pass    n/a  errors 600  elapsed 0s  done",
                "every case errored: no pass rate, as in the summary")
        failing.errored = 599
        failing.failed = 1
        #expect(ProgressLine.describe(failing).contains("pass   0.0%  errors 599"))
        #expect(ProgressLine.duration(59.4) == "59s")
        #expect(ProgressLine.duration(61) == "1m01s")
        #expect(ProgressLine.duration(3 * 3600 + 5 * 60) == "3h05m")
    }

    @Test("tables align columns, numbers to the right, and trim trailing spaces")
    func textTable() {
        var table = TextTable(headers: ["NAME", "N"], alignments: [.left, .right])
        table.add(["alpha", "7"])
        table.add(["b", "1234"])
        #expect(table.render() == """
            NAME      N
            -----  ----
            alpha     7
            b      1234
            """)
    }

    @Test("model output printed on a terminal cannot carry escape sequences or break lines")
    func sanitizesUntrustedText() {
        let hostile = "ok\u{1B}[2J\u{1B}]0;pwned\u{7}\nnext\u{9B}line"
        let clean = TerminalText.sanitize(hostile)
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(clean.hasPrefix("ok"))
        #expect(TerminalText.sanitize(String(repeating: "x", count: 500)).count == 161)
    }
}
