import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Corpus-level figures")
struct CorpusMetricTests {
    @Test("corpus BLEU is stored with each suite and shown in the summary, JSON and JUnit")
    func corpusBLEUStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The stub echoes the question; half the cases expect the question (BLEU 100), half something else.
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let questions = ["the cat sat on the mat today", "a quick brown fox jumps over", "it is raining in the city", "we walked to the old bridge"]
        let evalSet = try EchoEvalSet.write(
            into: directory, questions: questions, minPassRate: 0, scorers: "- {type: bleu, threshold: 50, references: expected}")
        let cases = questions.enumerated().map { index, question in
            let expected = index < 2 ? question : "completely different words here now"
            return JSONValue.object(["id": .string("case-\(index)"), "vars": .object(["q": .string(question)]), "expected": .string(expected)]).canonicalJSON
        }
        try directory.write("echo/cases.jsonl", cases.joined(separator: "\n") + "\n")
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        options.junitPath = directory.path("junit.xml")
        let outcome = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        #expect(outcome.summary.passed == 2)
        let expectedCorpus = BLEU().corpusScore(
            hypotheses: questions, referencesBySegment: questions.enumerated().map { index, question in
                [index < 2 ? question : "completely different words here now"]
            }).score
        let stored = try #require(outcome.summary.suites.first?.metrics["bleu"])
        #expect(abs(stored - expectedCorpus) < 1e-9)
        #expect(stored > 0 && stored < 100)
        let results = try await SQLiteStore(path: options.databasePath).results(ofRun: outcome.summary.run.id)
        let json = try JSONValue(parsing: Data(RunSummaryReport(summary: outcome.summary, results: results).json().utf8))
        #expect(json["suites"]?.arrayValue?.first?["metrics"]?["bleu"]?.doubleValue.map { abs($0 - expectedCorpus) < 1e-9 } == true)
        #expect(RunSummaryReport(summary: outcome.summary, results: results).text().contains("corpus bleu \(String(format: "%.2f", expectedCorpus))"))
        let xml = try String(contentsOfFile: options.junitPath!, encoding: .utf8)
        #expect(xml.contains("<property name=\"corpus_bleu\""))
    }
}

extension CorpusMetricTests {
    @Test("corpus chrF (0–100) and corpus TER (percent, lower is better) are stored and shown like corpus BLEU")
    func corpusChrFAndTERStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let questions = ["the cat sat on the mat today", "a quick brown fox jumps over", "it is raining in the city", "we walked to the old bridge"]
        let expected = questions.enumerated().map { index, question in index < 2 ? question : "the city is where it rains" }
        let evalSet = try EchoEvalSet.write(
            into: directory, questions: questions, minPassRate: 0,
            scorers: "- {type: chrf, word_order: 2, name: chrf++}\n  - {type: ter, threshold: 0.5}")
        let cases = questions.indices.map { index in
            JSONValue.object(["id": .string("case-\(index)"), "vars": .object(["q": .string(questions[index])]), "expected": .string(expected[index])]).canonicalJSON
        }
        try directory.write("echo/cases.jsonl", cases.joined(separator: "\n") + "\n")
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        options.junitPath = directory.path("junit.xml")
        let outcome = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        // The two echoed answers pass TER's threshold 0.5 (TER 0); the others are far from their references.
        #expect(outcome.summary.passed == 2)
        let references = expected.map { [$0] }
        let chrF = ChrF(wordOrder: 2).corpusScore(hypotheses: questions, referencesBySegment: references).score
        let ter = TER().corpusScore(hypotheses: questions, referencesBySegment: references).score
        let metrics = try #require(outcome.summary.suites.first?.metrics)
        #expect(metrics["chrf++"] == chrF)
        #expect(metrics["ter"] == ter)
        #expect(chrF > 0 && chrF < 100 && ter > 0 && ter < 100)
        let results = try await SQLiteStore(path: options.databasePath).results(ofRun: outcome.summary.run.id)
        let report = RunSummaryReport(summary: outcome.summary, results: results)
        #expect(report.text().contains("corpus chrf++ \(String(format: "%.2f", chrF)): echo /"))
        #expect(report.text().contains("corpus ter \(String(format: "%.2f", ter)): echo /"))
        let json = try JSONValue(parsing: Data(report.json().utf8))
        #expect(json["suites"]?.arrayValue?.first?["metrics"]?["ter"]?.doubleValue == ter)
        let xml = try String(contentsOfFile: options.junitPath!, encoding: .utf8)
        #expect(xml.contains("<property name=\"corpus_chrf++\" value=\"\(String(format: "%.4f", chrF))\""))
        #expect(xml.contains("<property name=\"corpus_ter\" value=\"\(String(format: "%.4f", ter))\""))
    }
}
