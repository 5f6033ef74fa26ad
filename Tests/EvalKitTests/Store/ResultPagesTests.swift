import Foundation
import Testing
@testable import EvalKit

@Suite("Paged result reads and suite figures")
struct ResultPagesTests {
    @Test("every result of a suite comes exactly once, in id order, with its scores, at any page size",
          arguments: StoreKind.all, [1, 2, 3, 1000])
    func pagesCoverEveryResultOnce(kind: StoreKind, pageSize: Int) async throws {
        try await kind.withStore { store in
            let fixture = try await StoredRunFixture.make(in: store)
            let all = try await fixture.store.results(ofRun: fixture.runID)
            for suiteID in fixture.suiteIDs {
                let expected = all.filter { $0.result.suiteID == suiteID }
                var read: [StoredResult] = [], pages = 0
                try await fixture.store.forEachResultPage(ofSuite: suiteID, pageSize: pageSize) { page in
                    #expect(!page.isEmpty && page.count <= pageSize)
                    pages += 1
                    read += page
                }
                #expect(read.map(\.result.id) == expected.map(\.result.id))
                #expect(read.map(\.result.id) == read.map(\.result.id).sorted())
                #expect(read.map { $0.scores.map(\.scorer) } == expected.map { $0.scores.map(\.scorer) })
                #expect(read.map { $0.scores.map(\.reason) } == expected.map { $0.scores.map(\.reason) })
                #expect(pages == (expected.count + pageSize - 1) / pageSize)
            }
        }
    }

    @Test("a page starts after the id given and holds at most the limit", arguments: StoreKind.all)
    func pageAfterID(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let fixture = try await StoredRunFixture.make(in: store)
            let suiteID = fixture.suiteIDs[0]
            let first = try await fixture.store.results(ofSuite: suiteID, after: nil, limit: 3)
            let second = try await fixture.store.results(ofSuite: suiteID, after: first.last?.result.id, limit: 3)
            #expect(first.map(\.result.caseID) == ["case-0", "case-1", "case-2"])
            #expect(second.map(\.result.caseID) == ["case-3", "case-4", "case-5"])
            #expect(try await fixture.store.results(ofSuite: suiteID, after: Int64.max, limit: 3).isEmpty)
            #expect(try await fixture.store.results(ofSuite: fixture.suiteIDs[2], after: nil, limit: 3).isEmpty)
        }
    }

    @Test("the store's suite figures equal those computed from every result in memory", arguments: StoreKind.all)
    func figuresMatchResultsInMemory(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let fixture = try await StoredRunFixture.make(in: store, sizes: [7, 4, 0, 1, 12])
            let figures = try await fixture.store.suiteFigures(ofRun: fixture.runID)
            let all = try await fixture.store.results(ofRun: fixture.runID)
            #expect(Set(figures.keys) == Set(fixture.suiteIDs))
            for suiteID in fixture.suiteIDs {
                let results = all.filter { $0.result.suiteID == suiteID }
                #expect(figures[suiteID] == SuiteResultFigures(results: results), "suite \(suiteID)")
            }
            // Odd and even counts, missing latencies, an error's model left out, a tie between models broken by name.
            #expect(figures[fixture.suiteIDs[0]]?.latencyMedianMs != nil)
            #expect(figures[fixture.suiteIDs[2]]?.latencyMedianMs == nil)
            #expect(figures[fixture.suiteIDs[2]]?.count == 0)
            #expect(figures[fixture.suiteIDs[4]]?.answeringModel == "m-2026")
            #expect(figures.values.reduce(0) { $0 + $1.refusals } > 0)
        }
    }

    @Test("the summary from store figures is the summary from every result", arguments: StoreKind.all)
    func summaryFromFigures(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let fixture = try await StoredRunFixture.make(in: store)
            let summary = try await fixture.store.summary(ofRun: fixture.runID)
            let fromResults = RunSummaryReport(summary: summary, results: try await fixture.store.results(ofRun: fixture.runID), duration: 1.5)
            let fromStore = RunSummaryReport(summary: summary, figures: try await fixture.store.suiteFigures(ofRun: fixture.runID), duration: 1.5)
            #expect(fromStore.text() == fromResults.text())
            #expect(fromStore.json() == fromResults.json())
            #expect(fromStore.text().contains("m-2026"))
            #expect(fromStore.text().contains("refusals: "))
        }
    }
}
