import Foundation
import Testing
@testable import EvalKit

@Suite("Flagged results in a run")
struct FlaggedRunTests {
    @Test("fired rules are stored as the result's flags, scores untouched, and shown by runs show and JUnit")
    func storedAndShown() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let echo = try EvalRunnerTests.echoEvalSet(count: 3)
        let base = echo.evalSet
        let evalSet = EvalSet(name: base.name, version: base.version, description: "", directory: base.directory, prompts: base.prompts,
                              defaultPromptID: base.defaultPromptID, cases: Array(base.cases), scorerSpecs: base.scorerSpecs,
                              minPassRate: base.minPassRate, flagRules: [FlagRule(.refusal)])
        // Case 1 is answered with a refusal; the others are echoed and pass.
        let backend = FakeBackend(concurrency: 2) { request in
            let question = request.messages.last?.content ?? ""
            return question == "question 1" ? "I'm sorry, but I can't answer that." : question
        }
        let matrix = try RunMatrix(evalSets: [ScoredEvalSet(evalSet, scorers: echo.scorers)], promptIDs: [], backendNames: ["fake"], repeats: 1)
        let (store, runID) = try await EvalRunnerTests.execute(matrix, [backend], in: directory)
        let results = try await store.results(ofRun: runID).sorted { $0.result.caseID < $1.result.caseID }
        #expect(results.map(\.result.flags) == [nil, ["refusal: \"I'm sorry, but I can't answer that.\""], nil])
        #expect(results.map(\.result.status) == [.passed, .failed, .passed])

        let summary = try await store.summary(ofRun: runID)
        let text = RunDetailReport(summary: summary, results: results).text()
        #expect(text.contains("flagged for review (1):"))
        #expect(text.contains("FLAGGED  echo/case-1  [p @ fake]  refusal: \"I'm sorry, but I can't answer that.\""))
        let json = try #require(JSONParser.parse(Array(RunDetailReport(summary: summary, results: results).json().utf8)).objectValue)
        let flags = json["results"]?.arrayValue?.map { $0.objectValue?["flags"] }
        #expect(flags == [.array([]), .array([.string("refusal: \"I'm sorry, but I can't answer that.\"")]), .array([])])
        #expect(JUnitReport.systemOut(results[1]).contains("flagged for review: refusal: "))
        #expect(!JUnitReport.systemOut(results[0]).contains("flagged"))
    }
}

@Suite("Flags on rescore")
struct RescoreFlagTests {
    @Test("rescore applies the eval set's current flag rules afresh: a stale flag goes, a new one comes")
    func recomputed() async throws {
        let evalCase = EvalCase(id: "c", vars: [:], expected: .string("Paris"))
        let evalSet = EvalSet(name: "set", version: "1", description: "", directory: URL(fileURLWithPath: "/tmp"), prompts: [],
                              defaultPromptID: "p", cases: [evalCase], scorerSpecs: [], minPassRate: 1,
                              flagRules: [FlagRule(.scorer("exact", .failed))])
        var stale = EvalStoreTests.result(runID: 1, suiteID: 1, caseID: "c", status: .passed)
        stale.flags = ["an old reason"]
        let wrong = try await Rescorer.score(stale, evalCase: evalCase, output: "Lyon", with: [ExactMatchScorer()], flagging: evalSet)
        #expect(wrong.result.flags == ["exact failed (score 0, threshold 1)"])
        let right = try await Rescorer.score(stale, evalCase: evalCase, output: "Paris", with: [ExactMatchScorer()], flagging: evalSet)
        #expect(right.result.flags == nil)
    }
}
