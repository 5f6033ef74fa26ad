import Foundation
import Testing
@testable import EvalKit

/// chrF and TER on hostile outputs: a score on 0…1 with a short reason, or, for TER past its word cap, an error that
/// says so; never a stall. Runs with the other `Hostile` suites, alone (`make test`).
@Suite("chrF and TER on hostile outputs")
struct HostileEditMetricOutputTests {
    static let expected = "The capital of France is Paris, a city on the Seine."

    @Test("chrF scores every hostile output quickly", arguments: HostileOutputTests.outputs)
    func chrF(output: HostileOutputTests.Output) async throws {
        let started = Date()
        for scorer in [ChrFScorer(), ChrFScorer(chrF: ChrF(wordOrder: 2, whitespace: true))] {
            let score = try await scorer.score(output.text, expected: .string(Self.expected))
            #expect((0...1).contains(score.value))
            #expect(score.reason.count < 100)
        }
        #expect(Date().timeIntervalSince(started) < 30, "took \(Date().timeIntervalSince(started)) s")
    }

    @Test("TER scores every hostile output, or names its word cap, quickly", arguments: HostileOutputTests.outputs)
    func ter(output: HostileOutputTests.Output) async throws {
        let started = Date()
        for scorer in [TERScorer(), TERScorer(ter: TER(normalized: true, asianSupport: true))] {
            do {
                let score = try await scorer.score(output.text, expected: .string(Self.expected))
                #expect((0...1).contains(score.value))
                #expect(score.reason.count < 100)
            } catch let failure as ScorerFailure {
                #expect(failure.message.contains("TER is computed for at most \(TERScorer.maximumWords)"))
            }
        }
        #expect(Date().timeIntervalSince(started) < 30, "took \(Date().timeIntervalSince(started)) s")
    }

    @Test("TER at its word cap on output built for many shift candidates, each recomputing a long tail, finishes")
    func terAtTheCap() async throws {
        var random = SplitMix64(seed: 7)
        let words = ["a", "b", "c", "d"]
        let reference = (0..<100).map { _ in words[random.below(4)] }.joined(separator: " ")
        let head = (0..<150).map { _ in words[random.below(4)] }
        let output = (head + Array(repeating: "z", count: TERScorer.maximumWords - head.count)).joined(separator: " ")
        let started = Date()
        let score = try await TERScorer().score(output, expected: .string(reference))
        #expect(score.value == 0)
        #expect((score.details?["num_edits"]?.doubleValue ?? 0) > Double(TERScorer.maximumWords - 150))
        #expect(Date().timeIntervalSince(started) < 60, "took \(Date().timeIntervalSince(started)) s")
    }
}
