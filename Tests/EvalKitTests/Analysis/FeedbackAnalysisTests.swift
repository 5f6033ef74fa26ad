import Foundation
import Testing
@testable import EvalKit

@Suite("feedback analysis: down rate, Wilson intervals, flagged days")
struct FeedbackAnalysisTests {
    static let start = Date(timeIntervalSince1970: 1_796_083_200) // 2026-12-01T00:00:00Z

    /// `votes` records on day `day` (0 = 2026-12-01), the first `down` of them down-voted.
    static func day(_ day: Int, votes: Int, down: Int, prompt: String? = nil) -> [FeedbackRecord] {
        (0..<votes).map { index in
            FeedbackRecord(id: "d\(day)-\(index)-\(prompt ?? "")", input: .string("q"), output: "a", rating: .thumb(down: index < down),
                           promptVersion: prompt, time: start.addingTimeInterval(Double(day) * 86_400 + Double(index)),
                           contentHash: "h", importedAt: start)
        }
    }

    /// Fourteen days of 100 votes at 5% down, then one day of 100 votes with `down` down-votes.
    static func steadyThen(_ down: Int) -> FeedbackAnalysis {
        FeedbackAnalysis(records: (0..<14).flatMap { day($0, votes: 100, down: 5) } + day(14, votes: 100, down: down), grouping: .day)
    }

    @Test("Wilson 95% intervals match the values computed by hand")
    func wilsonByHand() {
        let none = FeedbackAnalysis.wilson(down: 0, total: 10)
        #expect(none.lower == 0 && abs(none.upper - 0.2775328) < 1e-6)
        let some = FeedbackAnalysis.wilson(down: 7, total: 20)
        #expect(abs(some.lower - 0.1811918) < 1e-6 && abs(some.upper - 0.5671457) < 1e-6)
        #expect(FeedbackAnalysis.wilson(down: 0, total: 0) == ConfidenceInterval(lower: 0, upper: 1))
    }

    @Test("binomial upper tail matches SciPy's binom.sf(k - 1, n, p)")
    func binomialTail() {
        #expect(abs(BinomialUpperTail.probability(atLeast: 2, trials: 10, rate: 0.1) - 0.2639010709) < 1e-9)
        #expect(abs(BinomialUpperTail.probability(atLeast: 3, trials: 5, rate: 0.5) - 0.5) < 1e-12)
        #expect(abs(BinomialUpperTail.probability(atLeast: 20, trials: 100, rate: 0.05) / 1.0522953420147289e-07 - 1) < 1e-6)
        #expect(abs(BinomialUpperTail.probability(atLeast: 12, trials: 100, rate: 0.05) - 0.004274182466365919) < 1e-9)
        #expect(BinomialUpperTail.probability(atLeast: 0, trials: 5, rate: 0.2) == 1)
        #expect(BinomialUpperTail.probability(atLeast: 6, trials: 5, rate: 0.2) == 0)
    }

    @Test("a day far above the pooled rate of the 14 days before it is flagged; a day within chance is not")
    func flagsJumps() throws {
        let jump = Self.steadyThen(20)
        #expect(jump.groups.count == 15)
        let last = try #require(jump.groups.last)
        #expect(last.key == "2026-12-15" && last.flagged && last.baselineRate == 0.05)
        #expect(abs((last.pValue ?? 1) / 1.0522953420147289e-07 - 1) < 1e-6)
        #expect(jump.flaggedDays.map(\.key) == ["2026-12-15"])
        #expect(jump.groups.first?.baselineRate == nil, "the first day has no history to be judged against")
        #expect(Self.steadyThen(12).groups.last?.flagged == true, "p = 0.0043 < 0.01")
        #expect(Self.steadyThen(8).groups.last?.flagged == false, "p = 0.128")
        #expect(jump.total == 1500 && jump.down == 90)
    }

    @Test("a day needs 20 votes in the days before it to be judged; a clean baseline is not a zero rate")
    func baselineRules() throws {
        let thin = FeedbackAnalysis(records: Self.day(0, votes: 19, down: 0) + Self.day(1, votes: 10, down: 10), grouping: .day)
        #expect(thin.groups.last?.pValue == nil && thin.flaggedDays.isEmpty)
        let clean = FeedbackAnalysis(records: Self.day(0, votes: 100, down: 0) + Self.day(1, votes: 10, down: 1), grouping: .day)
        #expect(clean.groups.last?.flagged == false, "one down-vote after a clean day is not a jump")
        let old = FeedbackAnalysis(records: Self.day(0, votes: 100, down: 0) + Self.day(15, votes: 10, down: 10), grouping: .day)
        #expect(old.groups.last?.pValue == nil, "day 0 is outside the 14 days before day 15")
    }

    @Test("grouping by prompt: one group per prompt version, unset as (none), no day flags")
    func groupsByPrompt() {
        let records = Self.day(0, votes: 4, down: 1, prompt: "terse") + Self.day(0, votes: 2, down: 2)
        let analysis = FeedbackAnalysis(records: records, grouping: .prompt)
        #expect(analysis.groups.map(\.key) == ["(none)", "terse"])
        #expect(analysis.groups.map(\.down) == [2, 1] && analysis.groups.map(\.total) == [2, 4])
        #expect(analysis.groups.allSatisfy { !$0.flagged && $0.pValue == nil })
        #expect(analysis.downRate == 0.5)
    }

    @Test("the text report fits 80 columns and names the flagged day; JSON has the documented keys")
    func report() throws {
        let report = FeedbackReport(analysis: Self.steadyThen(20), since: Self.start)
        let text = report.text(style: TerminalStyle(enabled: false, columns: 200))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text)")
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("2026-12-15") })
        #expect(row.split(separator: " ").prefix(4) == ["2026-12-15", "100", "20", "20.0%"] && row.hasSuffix("5.0%  JUMP"), "\(text)")
        #expect(text.split(separator: "\n").first { $0.hasPrefix("2026-12-14") }?.hasSuffix(" 5.0%") == true)
        #expect(text.contains("1 day flagged"))
        let json = try JSONValue(parsing: Data(report.json().utf8))
        #expect(json["total"] == .number(1500) && json["down"] == .number(90) && json["down_rate"] == .number(0.06))
        let groups = try #require(json["groups"]?.arrayValue)
        #expect(groups.count == 15)
        #expect(groups.last?["key"] == .string("2026-12-15") && groups.last?["flagged"] == .bool(true))
        #expect(groups.last?["interval"]?["lower"]?.doubleValue != nil && groups.last?["down_rate"] == .number(0.2))
    }
}
