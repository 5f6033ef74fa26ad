import Foundation
import Testing
@testable import EvalKit

@Suite("HTML report: the review queue section")
struct HTMLReportReviewTests {
    @Test("the newest run's queues: depth and oldest unreviewed age, reviewers escaped")
    func reviewSection() async throws {
        let store = try SQLiteStore.inMemory()
        let run = try await ReviewFixture.write(into: store)
        try await store.recordReviewLabels([ReviewLabel(resultID: run.ids["b-failed"]!, reviewer: "<b>ana</b>", label: .fail, labelledAt: Date())])
        var report = try await HTMLReport.load(store: store, filter: HistoryFilter(last: 30))
        report.generatedAt = ReviewFixture.completedAt
        #expect(report.review?.runID == run.runID)
        let html = report.html()
        #expect(html.contains("Review queue: 1 flagged result unreviewed"))
        #expect(html.contains("<tr><td>failed</td><td class=\"num\">3</td><td class=\"num\">2</td><td>1h 0m</td><td>&lt;b&gt;ana&lt;/b&gt; 1</td></tr>"))
        #expect(!html.contains("<b>ana</b>"))
    }
}
