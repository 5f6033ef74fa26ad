import Foundation
import Testing
@testable import EvalKit

@Suite("Judge calibration: κ, sensitivity, specificity, corrected pass rate")
struct JudgeCalibrationTests {
    /// 50 labelled results: judge pass & people pass 20, judge pass & people fail 5, judge fail & people pass 10,
    /// both fail 15. By hand: pₒ = 35/50 = 0.7; the judge passes 0.5, people 0.6, so pₑ = 0.5·0.6 + 0.5·0.4 = 0.5 and
    /// κ = (0.7 − 0.5)/(1 − 0.5) = 0.4; sensitivity 20/30, specificity 15/20; with the judge passing 50% of all
    /// results, Rogan–Gladen gives (0.5 + 0.75 − 1)/(2/3 + 0.75 − 1) = 0.25/(5/12) = 0.6. The standard error of κ̂
    /// (Fleiss, Cohen & Everitt) is 0.12700 (a 100,000-draw multinomial bootstrap gives 0.12681).
    static let table = AgreementTable(bothPass: 20, judgeOnlyPass: 5, humanOnlyPass: 10, bothFail: 15)

    @Test("the hand-computed fixture")
    func handComputed() throws {
        let table = Self.table
        #expect(table.count == 50)
        #expect(abs(try #require(table.agreement) - 0.7) < 1e-12)
        #expect(abs(try #require(table.kappa) - 0.4) < 1e-12)
        #expect(abs(try #require(table.sensitivity) - 2.0 / 3.0) < 1e-12)
        #expect(abs(try #require(table.specificity) - 0.75) < 1e-12)
        #expect(abs(try #require(table.correctedPassRate(judgePassRate: 0.5)) - 0.6) < 1e-12)
        #expect(abs(try #require(table.kappaStandardError) - 0.126996) < 1e-5)
        let interval = try #require(table.kappaInterval)
        #expect(abs(interval.lower - 0.151092) < 1e-5 && abs(interval.upper - 0.648908) < 1e-5)
    }

    @Test("edges: perfect agreement, chance-level judge, one verdict only, no labels")
    func edges() {
        let perfect = AgreementTable(bothPass: 12, judgeOnlyPass: 0, humanOnlyPass: 0, bothFail: 8)
        #expect(perfect.kappa == 1 && perfect.sensitivity == 1 && perfect.specificity == 1)
        #expect(perfect.correctedPassRate(judgePassRate: 0.7) == 0.7)
        // A judge that passes half of everything regardless: Se + Sp = 1, nothing to correct with.
        let coin = AgreementTable(bothPass: 10, judgeOnlyPass: 10, humanOnlyPass: 10, bothFail: 10)
        #expect(coin.kappa == 0)
        #expect(coin.correctedPassRate(judgePassRate: 0.5) == nil)
        let allPass = AgreementTable(bothPass: 9, judgeOnlyPass: 0, humanOnlyPass: 0, bothFail: 0)
        #expect(allPass.kappa == nil && allPass.specificity == nil, "κ is undefined when both sides gave one verdict")
        let none = AgreementTable(pairs: [])
        #expect(none.agreement == nil && none.kappa == nil && none.kappaInterval == nil)
        // Rogan–Gladen is clamped to 0…1.
        let table = AgreementTable(bothPass: 9, judgeOnlyPass: 1, humanOnlyPass: 1, bothFail: 9)
        #expect(table.correctedPassRate(judgePassRate: 0.02) == 0)
        #expect(table.correctedPassRate(judgePassRate: 0.99) == 1)
    }

    static func result(id: Int64, judge: Bool, exact: Bool = true, status: ResultStatus = .passed) -> StoredResult {
        let record = ResultRecord(runID: 1, suiteID: 1, evalset: "qa", evalsetVersion: "1", evalsetHash: "h", caseID: "case-\(id)",
                                  caseHash: "c", promptID: "p", promptHash: "ph", backend: "b", model: "m", repeatIndex: 0,
                                  request: "{}", output: "out", status: status, error: nil, latencyMs: nil, ttftMs: nil,
                                  promptTokens: nil, completionTokens: nil, attempts: 1, finishReason: nil, systemFingerprint: nil,
                                  completedAt: Date(timeIntervalSince1970: 0))
        return StoredResult(result: Stored(id: id, record), scores: [
            ScoreRecord(resultID: id, scorer: "helpful", value: judge ? 5 : 2, threshold: 4, passed: judge, reason: "",
                        details: #"{"judge_model":"j","rubric_hash":"abc","scores":[5]}"#),
            ScoreRecord(resultID: id, scorer: "exact", value: exact ? 1 : 0, threshold: 1, passed: exact, reason: "", details: nil),
        ])
    }

    @Test("pairs the judge with the majority of reviewers; ties are left out and counted; only judge scores count; warns under 30 labels")
    func compute() throws {
        let results = (1...10).map { Self.result(id: Int64($0), judge: $0 <= 6) } + [Self.result(id: 11, judge: true, status: .error)]
        let at = Date(timeIntervalSince1970: 0)
        let labels = [
            ReviewLabel(resultID: 1, reviewer: "ana", label: .pass, labelledAt: at),
            ReviewLabel(resultID: 2, reviewer: "ana", label: .fail, labelledAt: at),
            ReviewLabel(resultID: 2, reviewer: "bo", label: .fail, labelledAt: at),
            ReviewLabel(resultID: 2, reviewer: "cy", label: .pass, labelledAt: at),
            ReviewLabel(resultID: 7, reviewer: "ana", label: .fail, labelledAt: at),
            ReviewLabel(resultID: 8, reviewer: "ana", label: .pass, labelledAt: at),
            ReviewLabel(resultID: 9, reviewer: "ana", label: .pass, labelledAt: at),
            ReviewLabel(resultID: 9, reviewer: "bo", label: .fail, labelledAt: at),
            ReviewLabel(resultID: 11, reviewer: "ana", label: .pass, labelledAt: at),
        ]
        let calibration = JudgeCalibration.compute(runID: 1, results: results, labels: labels)
        #expect(calibration.judges.map(\.scorer) == ["helpful"], "exact keeps no rubric hash: not a judge")
        let judge = try #require(calibration.judges.first)
        #expect(judge.scored == 10 && judge.judgePassed == 6, "the errored result is left out")
        #expect(judge.labels == 4 && judge.ties == 1)
        // 1: judge pass, people pass; 2: judge pass, people fail (2 of 3); 7: judge fail, people fail; 8: judge fail, people pass.
        #expect(judge.table == AgreementTable(bothPass: 1, judgeOnlyPass: 1, humanOnlyPass: 1, bothFail: 1))
        #expect(judge.warnings.contains { $0.contains("only 4 labelled results") })
        #expect(judge.warnings.contains { $0.contains("κ 0.00 is below 0.6") })
        let json = try JSONValue(parsing: Data(CalibrationReport(calibration: calibration).json().utf8))
        let entry = try #require(json["judges"]?.arrayValue?.first)
        for key in ["scorer", "labels", "agreement", "kappa", "kappa_ci", "sensitivity", "specificity", "judge_pass_rate", "corrected_pass_rate"] {
            #expect(entry[key] != nil, "JSON has \(key)")
        }
        #expect(entry["judge_pass_rate"] == .number(0.6))
    }
}
