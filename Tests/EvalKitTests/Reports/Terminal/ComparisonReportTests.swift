import Foundation
import Testing
@testable import EvalKit

@Suite("Comparison reports: text, JSON and Markdown")
struct ComparisonReportTests {
    static let hostile = "<script>alert(1)</script> | ![x](http://evil) `code` **bold** \u{1B}[31m\nnext line"

    static func regressedComparison() throws -> RunComparison {
        let baseline = SyntheticRun(id: 1, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<30).map {
            .init(id: "case-\($0)", values: [1], output: "fine answer")
        })])
        let candidate = SyntheticRun(id: 2, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<30).map {
            .init(id: "case-\($0)", values: [$0 < 10 ? 0 : 1], output: $0 < 10 ? hostile : "fine answer")
        })])
        return try RunComparison(baseline, candidate)
    }

    @Test("Markdown puts the verdict and table first, folds flipped cases, and escapes model output")
    func markdownEscapesOutput() throws {
        let markdown = ComparisonReport(comparison: try Self.regressedComparison()).markdown()
        let lines = markdown.components(separatedBy: "\n")
        #expect(lines[0] == "### ❌ evalctl: regression in run 2 against run 1")
        let table = lines.firstIndex { $0.hasPrefix("| Eval set") }, details = lines.firstIndex { $0.hasPrefix("<details>") }
        #expect(table != nil && details != nil && table! < details!)
        #expect(markdown.contains("**REGRESSION**"))
        #expect(!markdown.contains("<script>"), "HTML from a model is escaped")
        #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!markdown.contains("![x]"), "Markdown image syntax from a model is escaped")
        #expect(!markdown.contains("\u{1B}"))
        let flippedRows = lines.filter { $0.hasPrefix("| case-") }
        #expect(flippedRows.count == 10)
        for row in flippedRows {
            // Escaped pipes keep every row at the table's six columns.
            #expect(row.components(separatedBy: " | ").count == 6, "\(row)")
        }
    }

    @Test("text shows the table, the flipped cases with both outputs sanitised, and the verdict line")
    func textReport() throws {
        let text = ComparisonReport(comparison: try Self.regressedComparison()).text()
        #expect(text.contains("qa / terse / local"))
        #expect(text.contains("100.0% [100.0, 100.0]"))
        #expect(text.contains("66.7%"))
        #expect(text.contains("-33.3 pts"))
        #expect(text.contains("REGRESSION"))
        #expect(text.contains("flipped cases: 10 pass → fail, 0 fail → pass"))
        #expect(text.contains("    baseline:  fine answer"))
        #expect(!text.contains("\u{1B}"), "no terminal escape sequences from model output")
        #expect(text.hasSuffix("gate: REGRESSION against run 1: qa / terse / local exact -33.3 pts"))
    }

    /// 40 cases, unchanged: not a regression, but 40 cases cannot detect a drop of the 2-point margin.
    static func inconclusiveComparison() throws -> RunComparison {
        try RunComparison(SyntheticRun.passFail(id: 1, count: 40, failing: 4), SyntheticRun.passFail(id: 2, count: 40, failing: 4))
    }

    @Test("an inconclusive comparison reads INCONCLUSIVE in text (yellow), with the reason and the cases needed")
    func inconclusiveText() throws {
        let report = ComparisonReport(comparison: try Self.inconclusiveComparison())
        let scorer = report.comparison.scorers[0]
        let needed = try #require(scorer.casesNeeded)
        #expect(scorer.minimumDetectableDrop >= 0.125, "never below the exact floor, 5 of 40 cases")
        #expect(report.verdictLine == "gate: INCONCLUSIVE against run 1: no regression found, but qa / terse / local exact cannot detect "
            + "a drop of 2.0 pts (the margin): it detects \(ComparisonReport.points(scorer.minimumDetectableDrop)) or more on 40 paired cases; "
            + "about \(needed.formatted()) paired cases needed")
        let text = report.text()
        #expect(text.contains("  INCONCLUSIVE"))
        #expect(!text.contains("no regression against"))
        let coloured = report.text(style: TerminalStyle(enabled: true))
        #expect(coloured.contains("gate: \u{1B}[33mINCONCLUSIVE\u{1B}[0m against run 1"))
        #expect(coloured.contains("\u{1B}[33mINCONCLUSIVE\u{1B}[0m"))
    }

    @Test("JSON says verdict inconclusive, per comparison and for the run, with the cases needed")
    func inconclusiveJSON() throws {
        let report = ComparisonReport(comparison: try Self.inconclusiveComparison())
        let json = try JSONValue(parsing: Data(report.json().utf8))
        #expect(json["verdict"] == .string("inconclusive"))
        #expect(json["regression"] == .bool(false))
        let row = try #require(json["comparisons"]?.arrayValue?.first)
        #expect(row["verdict"] == .string("inconclusive"))
        #expect(row["required_drop"] == .number(0.02))
        #expect(row["cases_needed"] == .number(Double(try #require(report.comparison.scorers[0].casesNeeded))))
        let regressed = try JSONValue(parsing: Data(ComparisonReport(comparison: try Self.regressedComparison()).json().utf8))
        #expect(regressed["verdict"] == .string("regression"))
        #expect(regressed["comparisons"]?.arrayValue?.first?["cases_needed"] == nil, "only an inconclusive comparison says what it needs")
    }

    @Test("Markdown heads an inconclusive comparison with ⚠️, the reason and the cases needed, never ✅")
    func inconclusiveMarkdown() throws {
        let report = ComparisonReport(comparison: try Self.inconclusiveComparison())
        let lines = report.markdown().components(separatedBy: "\n")
        #expect(lines[0] == "### ⚠️ evalctl: inconclusive in run 2 against run 1 — no regression found, but the eval set could not have found one")
        #expect(lines[2].hasPrefix("- qa / terse / local · exact: cannot detect a drop of 2.0 pts (the margin)"))
        #expect(lines[2].contains("paired cases needed"))
        #expect(report.markdown().contains("⚠️ INCONCLUSIVE |"))
        #expect(!report.markdown().contains("✅"))
    }

    @Test("JSON carries every figure, interval and flipped case")
    func jsonReport() throws {
        let json = try JSONValue(parsing: Data(ComparisonReport(comparison: try Self.regressedComparison()).json().utf8))
        #expect(json["regression"] == .bool(true))
        let row = try #require(json["comparisons"]?.arrayValue?.first)
        #expect(row["verdict"] == .string("regression"))
        #expect(row["regressed_cases"] == .number(10))
        #expect(row["pass_rate"]?["difference_ci95"]?.arrayValue?.count == 2)
        #expect(json["flipped"]?.arrayValue?.first?["candidate_output"] == .string(Self.hostile))
        #expect(json["policy"]?["alpha"] == .number(0.05))
    }

    @Test("Markdown stays under GitHub's comment limit however long and hostile the outputs, and mentions no one")
    func markdownIsBounded() throws {
        let pipes = String(repeating: "|", count: 3000) + " @octocat"
        let baseline = SyntheticRun(id: 1, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<400).map {
            .init(id: "case-\($0)", values: [1], output: pipes)
        })])
        let candidate = SyntheticRun(id: 2, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<400).map {
            .init(id: "case-\($0)", values: [0], output: pipes)
        })])
        let markdown = ComparisonReport(comparison: try RunComparison(baseline, candidate)).markdown()
        #expect(markdown.count < ComparisonReport.markdownCharacterLimit)
        #expect(markdown.contains("of 400 shown; all of them: `evalctl compare 1 2 --format json`"))
        #expect(markdown.hasSuffix("</details>\n"))
        #expect(!markdown.contains("@octocat"))
    }

    @Test("bidirectional overrides in output are shown as escapes in HTML, Markdown and the terminal")
    func bidirectionalOverridesNeutralised() {
        let output = "ok \u{202E}txet desrever\u{202C} done"
        #expect(!HTMLText.text(output).contains("\u{202E}"))
        #expect(HTMLText.text(output).contains("\\u{202E}"))
        #expect(!TerminalText.sanitize(output).contains("\u{202E}"))
        #expect(!ComparisonReport.cell(output).contains("\u{202E}"))
    }

    @Test("the run summary shows the model the backend reported, not only the configured one")
    func summaryShowsAnsweringModel() {
        var suite = SyntheticRun.passFail(id: 1, count: 5, failing: 0).suites[0]
        suite.answeringModel = "gpt-x-2026-11-24"
        let stored = SyntheticRun(id: 1, suites: [suite]).stored()
        let report = RunSummaryReport(summary: stored.summary, results: stored.results)
        #expect(report.text().contains("gpt-x-2026-11-24"))
        #expect(report.json().contains("\"configured_model\":\"model\""))
    }
}
