import Foundation
import Testing
@testable import EvalKit

@Suite("HTML report: production feedback")
struct HTMLReportFeedbackTests {
    @Test("with feedback in the window: a down-rate chart with its band, the flagged day marked and listed; well-formed")
    func feedbackSection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await HTMLReportTests.hostileHistory(store)
        let without = try await HTMLReport.load(store: store, filter: HistoryFilter()).html()
        #expect(!without.contains("id=\"feedback\""), "no feedback, no section")

        let votes = (0..<14).flatMap { FeedbackAnalysisTests.day($0, votes: 100, down: 5) } + FeedbackAnalysisTests.day(14, votes: 100, down: 20)
        let records = votes.map { record in
            var record = record
            // Recent, so the report's default 30-day window holds them.
            record.time = record.time.map { $0.addingTimeInterval(Date().timeIntervalSince(FeedbackAnalysisTests.start) - 20 * 86_400) }
            return record
        }
        _ = try await store.importFeedback(records, replace: false)
        let report = try await HTMLReport.load(store: store, filter: HistoryFilter())
        let flaggedDay = try #require(report.feedback?.flaggedDays.first?.key)
        let parsed = try ParsedXML(report.html())
        let section = try #require(parsed.elements.first { $0.attributes["id"] == "feedback" })
        #expect(section.text == "Production feedback: " && parsed.texts.contains("1 day flagged"))
        let charts = parsed.elements.filter { $0.name == "svg" && $0.has(class: "chart") }
        #expect(charts.count == 4, "the run charts and the down-rate chart")
        let cells = parsed.elements.filter { $0.name == "td" }.map(\.text)
        #expect(cells.contains(flaggedDay) && cells.contains("20.0%") && cells.contains("5.0%"))
    }
}
