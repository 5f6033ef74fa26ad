import Foundation
import Testing
@testable import EvalKit

@Suite("Cost in the run summary: per suite in the text, money rounded in the JSON")
struct RunSummaryCostTests {
    /// Two suites whose costs sum to binary noise (2.1 + 4.2 is 6.300000000000001 as a Double).
    static func pricedSummary() -> RunSummary {
        let small = SyntheticRun.Suite(key: SuiteKey(evalset: "small", promptID: "p", backend: "b"), cases: [.init(id: "a", values: [1])])
        let large = SyntheticRun.Suite(key: SuiteKey(evalset: "large", promptID: "p", backend: "b"), cases: [.init(id: "a", values: [1])])
        var summary = SyntheticRun(id: 1, suites: [small, large]).stored().summary
        summary.suites[0].generationCostUSD = 2.1
        summary.suites[1].generationCostUSD = 4.2
        summary.suites[1].judgingCostUSD = 0.000_001_5
        return summary
    }

    @Test("money in the JSON summaries is rounded to a billionth of a dollar, a single answer's cost kept")
    func moneyRounded() throws {
        #expect(JSONValue.usd(2.1 + 4.2).canonicalJSON == "6.3")
        #expect(JSONValue.usd(0.000_001_5) == .number(0.000_001_5))
        #expect(JSONValue.usd(6.300_000_000_4) == .number(6.3))
        let summary = Self.pricedSummary()
        #expect(summary.generationCostUSD == 2.1 + 4.2, "the sum itself carries the noise")
        for json in [RunSummaryReport(summary: summary, figures: [:]).json(), RunListing(runs: [summary]).json()] {
            #expect(!json.contains("6.30000000000000"), "\(json)")
            #expect(json.contains("\"generation_cost_usd\":6.3"), "\(json)")
            #expect(json.contains("\"judging_cost_usd\":1.5e-06"), "\(json)")
        }
    }
}
