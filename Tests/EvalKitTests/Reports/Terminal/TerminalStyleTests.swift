import Testing
@testable import EvalKit

@Suite("Terminal polish: colour rules, visible widths, the progress line's width")
struct TerminalStyleTests {
    @Test("--color auto colours a terminal unless NO_COLOR is set and non-empty; always and never ignore both")
    func colorChoice() {
        #expect(ColorChoice.auto.enabled(isTerminal: true, environment: [:]))
        #expect(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": ""]), "an empty NO_COLOR is unset")
        #expect(!ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!ColorChoice.auto.enabled(isTerminal: false, environment: [:]))
        #expect(ColorChoice.always.enabled(isTerminal: false, environment: ["NO_COLOR": "1"]))
        #expect(!ColorChoice.never.enabled(isTerminal: true, environment: [:]))
    }

    @Test("only verdict and status words are coloured, each by what it means; plain style leaves text alone")
    func verdictColours() {
        let style = TerminalStyle(enabled: true)
        #expect(style.verdict("REGRESSION") == "\u{1B}[31mREGRESSION\u{1B}[0m")
        #expect(style.verdict("ok") == "\u{1B}[32mok\u{1B}[0m")
        #expect(style.verdict("BELOW MIN") == "\u{1B}[33mBELOW MIN\u{1B}[0m")
        #expect(style.verdict("DRIFT") == "\u{1B}[31mDRIFT\u{1B}[0m")
        #expect(style.verdict("world-facts") == "world-facts")
        #expect(TerminalStyle.plain.verdict("REGRESSION") == "REGRESSION")
    }

    @Test("coloured cells align like plain ones: columns are measured by visible width")
    func tableWithColour() {
        let style = TerminalStyle(enabled: true)
        var coloured = TextTable(headers: ["SUITE", "VERDICT", "N"], alignments: [.left, .left, .right])
        var plain = coloured
        for (suite, verdict, n) in [("a", "ok", "1"), ("bb", "REGRESSION", "22")] {
            coloured.add([suite, style.verdict(verdict), n])
            plain.add([suite, verdict, n])
        }
        let stripped = coloured.render().replacing(/\u{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain.render())
    }

    @Test("a table with a width cuts only the shrinkable columns, with …, until it fits")
    func tableFitsWidth() {
        var table = TextTable(headers: ["SUITE", "MODEL", "RATE"], alignments: [.left, .left, .right])
        table.add([String(repeating: "s", count: 50), String(repeating: "m", count: 40), "100.0%"])
        let lines = table.render(maxWidth: 60, shrinkable: [0, 1]).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines)")
        #expect(lines[2].hasSuffix("100.0%") && lines[2].contains("…"))
    }

    @Test("the in-place progress line is cut to the terminal's width, so it never wraps into new lines")
    func progressFitsWidth() {
        var progress = RunProgress(total: 12000)
        progress.done = 5000
        progress.passed = 4000
        progress.elapsed = 3700
        let line = ProgressLine.describe(progress)
        #expect(line.count > 60)
        for columns in [20, 40, 59, 60] {
            #expect(ProgressLine.fit(line, columns: columns).count < columns, "\(columns)")
        }
        #expect(ProgressLine.fit(line, columns: 200) == line)
        #expect(ProgressLine.fit(line, columns: nil) == line)
    }

    @Test("long prose lines wrap at spaces within the width, with a continuation indent")
    func wrapsProse() {
        let text = "run 12 completed: 1200 cases, 1000 passed, 150 failed, 50 errors, 12 skipped (pass rate 83.3%)\nshort"
        let wrapped = TerminalStyle.wrap(text, columns: 40).split(separator: "\n")
        #expect(wrapped.allSatisfy { $0.count <= 40 }, "\(wrapped)")
        #expect(wrapped.last == "short")
        #expect(wrapped[1].hasPrefix("  "))
        #expect(wrapped.joined(separator: " ").split(separator: " ").joined(separator: " ") == text.replacing("\n", with: " "))
    }
}
