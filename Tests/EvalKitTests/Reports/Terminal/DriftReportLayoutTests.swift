import Foundation
import Testing
@testable import EvalKit

@Suite("drift's terminal output: fits the terminal, colours the statuses")
struct DriftReportLayoutTests {
    static func report() async throws -> (DriftReport, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await RunHistoryTests.nightly(store, count: 14, shiftAt: 8)
        let history = try await store.history(HistoryFilter())
        return (DriftReport(check: DriftCheck(history: history), history: history), directory)
    }

    @Test("at 80 and 60 columns every line fits, and what changed is still said")
    func narrow() async throws {
        let (report, directory) = try await Self.report()
        defer { directory.remove() }
        let wide = report.text()
        #expect(wide.split(separator: "\n").contains { $0.count > 80 }, "the full table is wider than 80 columns")
        for columns in [80, 60] {
            let text = report.text(style: TerminalStyle(enabled: false, columns: columns))
            let tooWide = text.split(separator: "\n").filter { TerminalStyle.visibleWidth(String($0)) > columns }
            #expect(tooWide.isEmpty, "\(columns) columns: \(tooWide)")
            #expect(text.contains("Each shift and what changed around it:"))
            #expect(text.contains("model model-a → model-b"))
            #expect(text.contains("from run 9"))
            #expect(text.contains("DRIFT: "))
        }
    }

    @Test("with colour, DRIFT is red and ongoing yellow; without, no escape at all")
    func colour() async throws {
        let (report, directory) = try await Self.report()
        defer { directory.remove() }
        let coloured = report.text(style: TerminalStyle(enabled: true))
        #expect(coloured.contains("\u{1B}[31mDRIFT\u{1B}[0m"))
        #expect(!report.text().contains("\u{1B}["))
    }
}
