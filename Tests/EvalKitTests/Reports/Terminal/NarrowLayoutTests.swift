import Foundation
import Testing
@testable import EvalKit

/// `compare`, `runs list` and `runs show` on a narrow terminal: every line fits, nothing that matters is lost.
@Suite("compare and runs on a narrow terminal")
struct NarrowLayoutTests {
    static func fits(_ text: String, _ columns: Int) -> [String] {
        text.split(separator: "\n").map(String.init).filter { TerminalStyle.visibleWidth($0) > columns }
    }

    @Test("compare at 80 and 60 columns: one block per scorer with the figures, the verdict coloured; plain output keeps the table")
    func compare() throws {
        let comparison = try RunComparison(.passFail(id: 1, count: 300, failing: 60), .passFail(id: 2, count: 300, failing: 90))
        let report = ComparisonReport(comparison: comparison)
        #expect(report.text().contains("CHANGE [95% CI]"), "no width: the full table")
        for columns in [80, 60] {
            let text = report.text(style: TerminalStyle(enabled: true, columns: columns))
            #expect(Self.fits(text, columns).isEmpty, "\(columns): \(Self.fits(text, columns))")
            #expect(text.contains("qa / terse / local · exact: pass rate, 300 cases"))
            #expect(text.contains("\u{1B}[31mREGRESSION\u{1B}[0m"))
            #expect(text.contains("change -10.0 pts"))
            #expect(text.contains("detectable drop"))
        }
    }

    @Test("runs list and runs show at 60 columns fit, statuses coloured")
    func runs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await RunHistoryTests.nightly(store, count: 3)
        try await store.tag(run: 3, as: "release-candidate-with-a-long-name")
        let runs = try await store.recentRuns(limit: 10)
        let wide = RunListing(runs: runs).text()
        #expect(wide.contains("STARTED (UTC)"))
        let narrow = RunListing(runs: runs).text(style: TerminalStyle(enabled: true, columns: 60))
        #expect(Self.fits(narrow, 60).isEmpty, "\(Self.fits(narrow, 60))")
        #expect(narrow.contains("\u{1B}[32mcompleted\u{1B}[0m"))
        #expect(narrow.contains("RATE") && narrow.contains("80.0%"))
        let detail = RunDetailReport(summary: try await store.summary(ofRun: 3), results: try await store.results(ofRun: 3))
            .text(style: TerminalStyle(enabled: true, columns: 60))
        #expect(Self.fits(detail, 60).isEmpty, "\(Self.fits(detail, 60))")
        #expect(detail.contains("\u{1B}[31mFAILED\u{1B}[0m"))
    }
}
