import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl gate, compare and run --baseline on eval sets too small to conclude, as a process")
struct InconclusiveGateCommandTests {
    /// A baseline tagged `main` where all `count` cases pass, then a candidate where all of them answer wrong.
    static func collapse(cases count: Int, in directory: TemporaryDirectory, candidateArguments: [String] = []) async throws -> EvalctlProcess.Result {
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<count).map { "question \($0)" }, minPassRate: 0)
        let good = try StubHTTPServer(handler: ScriptedResponder().handler)
        try EchoEvalSet.config(into: directory, baseURL: good.baseURL)
        let baseline = try await EvalctlProcess.run(["run", evalSet, "--tag", "main"], in: directory)
        good.stop()
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let wrong = try StubHTTPServer(handler: ScriptedResponder(script: Array(repeating: .chatCompletion(answering: "wrong"), count: count)).handler)
        defer { wrong.stop() }
        try EchoEvalSet.config(into: directory, baseURL: wrong.baseURL)
        return try await EvalctlProcess.run(["run", evalSet, "--baseline", "main"] + candidateArguments, in: directory)
    }

    @Test("a 4-case eval set going from 100% to 0% is INCONCLUSIVE everywhere, never a green light; --fail-inconclusive exits 1")
    func fourCaseCollapse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await Self.collapse(cases: 4, in: directory)
        #expect(run.status == 0, "inconclusive exits 0 by default: \(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("gate: INCONCLUSIVE against run 1: no regression found, but echo / plain / stub exact cannot detect a drop of 100.0 pts (the drop observed): no drop is detectable on 4 paired cases; about 5 paired cases needed"), "\(run.stdout)")
        #expect(!run.stdout.contains("no regression against"))
        let gate = try await EvalctlProcess.run(["gate", "--baseline", "main"], in: directory)
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stdout.contains("INCONCLUSIVE"))
        let failing = try await EvalctlProcess.run(["gate", "--baseline", "main", "--fail-inconclusive"], in: directory)
        #expect(failing.status == 1, "\(failing.stdout)\n\(failing.stderr)")
        let coloured = try await EvalctlProcess.run(["gate", "--baseline", "main", "--color", "always"], in: directory)
        #expect(coloured.stdout.contains("gate: \u{1B}[33mINCONCLUSIVE\u{1B}[0m against run 1"), "yellow: \(coloured.stdout)")
        let json = try await EvalctlProcess.run(["gate", "--baseline", "main", "--format", "json"], in: directory)
        #expect(json.status == 0)
        #expect(json.stderr.contains("gate: INCONCLUSIVE"), "the verdict line goes to standard error beside JSON")
        let report = try JSONValue(parsing: Data(json.stdout.utf8))
        #expect(report["verdict"] == .string("inconclusive"))
        #expect(report["regression"] == .bool(false))
        let row = try #require(report["comparisons"]?.arrayValue?.first)
        #expect(row["verdict"] == .string("inconclusive"))
        #expect(row["cases_needed"] == .number(5))
        #expect(row["required_drop"] == .number(1))
        let markdown = try await EvalctlProcess.run(["compare", "main", "latest", "--format", "markdown"], in: directory)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("### ⚠️ evalctl: inconclusive in run 2 against run 1"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("about 5 paired cases needed"))
        #expect(!markdown.stdout.contains("✅"))
    }

    @Test("5 cases at --alpha 0.02 collapsing are inconclusive; run --baseline --fail-inconclusive exits 1")
    func fiveCasesAtStrictAlpha() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await Self.collapse(cases: 5, in: directory, candidateArguments: ["--alpha", "0.02", "--fail-inconclusive"])
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("gate: INCONCLUSIVE"))
        #expect(run.stdout.contains("about 6 paired cases needed"), "\(run.stdout)")
        let json = try await EvalctlProcess.run(["compare", "main", "latest", "--alpha", "0.02", "--format", "json"], in: directory)
        #expect(json.status == 0, "compare exits 0 whatever it finds")
        #expect(try JSONValue(parsing: Data(json.stdout.utf8))["verdict"] == .string("inconclusive"))
        let regressed = try await EvalctlProcess.run(["gate", "--baseline", "main"], in: directory)
        #expect(regressed.status == 1, "at the default alpha, 5 of 5 flips are a regression: \(regressed.stdout)")
        let misused = try await EvalctlProcess.run(["run", directory.path("echo"), "--fail-inconclusive"], in: directory)
        #expect(misused.status == 2 && misused.stderr.contains("--fail-inconclusive goes with --baseline"), "\(misused.stderr)")
    }

    @Test("an eval set big enough, with no change, is a true no regression, also under --fail-inconclusive")
    func bigEnoughEvalSetConcludes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<400).map { "question \($0)" }, minPassRate: 0)
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let baseline = try await EvalctlProcess.run(["run", evalSet, "--tag", "main"], in: directory)
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let run = try await EvalctlProcess.run(["run", evalSet, "--baseline", "main", "--fail-inconclusive"], in: directory)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("gate: no regression against run 1"))
        let json = try await EvalctlProcess.run(["gate", "--baseline", "main", "--fail-inconclusive", "--format", "json"], in: directory)
        #expect(json.status == 0)
        #expect(try JSONValue(parsing: Data(json.stdout.utf8))["verdict"] == .string("no_regression"))
        let markdown = try await EvalctlProcess.run(["compare", "main", "latest", "--format", "markdown"], in: directory)
        #expect(markdown.stdout.hasPrefix("### ✅ evalctl: no regression in run 2 against run 1"))
    }
}
