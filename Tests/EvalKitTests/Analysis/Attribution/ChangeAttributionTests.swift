import Foundation
import Testing
@testable import EvalKit

@Suite("Change attribution: every recorded cause, named once for compare, the HTML report and drift")
struct ChangeAttributionTests {
    static func conditions(
        promptHash: String = "prompt-1", evalsetHash: String = "set-1", dataHash: String? = "data-1", version: String = "1",
        identity: [String: JSONValue]? = identity(),
        served: String? = "gpt-stub", fingerprint: String? = "fp-1", evalctl: String = "1.0"
    ) -> SuiteConditions {
        var suite = SuiteRecord(runID: 1, evalset: "qa", evalsetVersion: version, evalsetHash: evalsetHash, promptID: "plain",
                                promptHash: promptHash, backend: "stub", model: "gpt-stub", minPassRate: 0, caseCount: 10, repeats: 1)
        suite.backendIdentity = identity.map { BackendIdentity(fields: $0).json }
        suite.evalsetDataHash = dataHash
        return SuiteConditions(suite: suite, evalctlVersion: evalctl, servedModel: served, fingerprint: fingerprint)
    }

    static func identity(baseURL: String = "http://a/v1", model: String = "gpt-stub",
                         params: [String: JSONValue] = ["temperature": .number(0)]) -> [String: JSONValue] {
        ["type": .string("openai"), "base_url": .string(baseURL), "model": .string(model), "params": .object(params)]
    }

    @Test("nothing recorded changed: no cause, so a changed output is generation noise")
    func nothingChanged() {
        #expect(ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions()).isEmpty)
    }

    @Test("a backend pointed at another server is named with both URLs")
    func baseURLChanged() {
        let causes = ChangeAttribution.causes(
            from: Self.conditions(),
            to: Self.conditions(identity: Self.identity(baseURL: "http://b/v1")))
        #expect(causes == [.backendConfig(field: "base_url", old: "http://a/v1", new: "http://b/v1")])
        #expect(causes.map(\.description) == ["backend config changed: base_url http://a/v1 → http://b/v1"])
        #expect(causes.allSatisfy { $0.explainsFlips })
    }

    @Test("params are compared key by key; a new model in the config is not named twice")
    func paramsAndModel() {
        let causes = ChangeAttribution.causes(
            from: Self.conditions(),
            to: Self.conditions(identity: Self.identity(model: "gpt-next", params: ["temperature": .number(0.7), "seed": .number(1)]),
                                served: "gpt-next"))
        #expect(causes.map(\.description) == [
            "backend config changed: model gpt-stub → gpt-next",
            "backend config changed: params.seed none → 1",
            "backend config changed: params.temperature 0 → 0.7",
        ])
    }

    @Test("a run stored before the backend config was recorded is unknown, not changed")
    func unrecordedIdentity() {
        #expect(ChangeAttribution.causes(from: Self.conditions(identity: nil), to: Self.conditions()).isEmpty)
    }

    @Test("a prompt edit is the prompt's change, not the eval set's, with or without the eval set's data hash")
    func promptEdit() {
        // The eval set's hash covers its prompts, so it changes with the prompt.
        let edited = ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions(promptHash: "prompt-2", evalsetHash: "set-2"),
                                              changedCases: 0)
        #expect(edited.map(\.description) == ["prompt plain content changed"])
        let older = ChangeAttribution.causes(
            from: Self.conditions(dataHash: nil), to: Self.conditions(promptHash: "prompt-2", evalsetHash: "set-2", dataHash: nil), changedCases: 0)
        #expect(older == [.prompt(id: "plain")], "before v14: an edited prompt and no case changed is the prompt alone")
    }

    @Test("eval set content: counted cases, told apart from another prompt of the set changing")
    func evalSetContent() {
        let data = ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions(evalsetHash: "set-2", dataHash: "data-2"),
                                            changedCases: 3)
        #expect(data.map(\.description) == ["eval set qa content changed without a version bump (3 cases changed)"])
        let otherPrompt = ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions(evalsetHash: "set-2"), changedCases: 0)
        #expect(otherPrompt.isEmpty, "another prompt of the eval set changed: not this suite's cause")
        let version = ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions(evalsetHash: "set-2", dataHash: "data-2", version: "2"))
        #expect(version == [.evalSetVersion(evalset: "qa", old: "1", new: "2")])
    }

    @Test("model served, fingerprint and evalctl version; only the first explains flips")
    func servedModelFingerprintEvalctl() {
        let causes = ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions(served: "gpt-stub-2", evalctl: "1.1"))
        #expect(causes == [.modelServed(old: "gpt-stub", new: "gpt-stub-2"), .evalctlVersion(old: "1.0", new: "1.1")])
        let printed = ChangeAttribution.causes(from: Self.conditions(), to: Self.conditions(fingerprint: "fp-2"))
        #expect(printed.map(\.description) == ["fingerprint fp-1 → fp-2"])
        #expect(!printed[0].explainsFlips && !causes[1].explainsFlips && causes[0].explainsFlips)
    }

    @Test("compare notes a prompt edit as the prompt's, not as eval set content with 0 cases changed")
    func comparisonNotesPromptEdit() throws {
        let baseline = SyntheticRun.passFail(id: 1, count: 20, failing: 0).stored()
        var candidate = SyntheticRun.passFail(id: 2, count: 20, failing: 4).stored()
        candidate.summary.suites[0].suite.promptHash = "prompt-hash-2"
        candidate.summary.suites[0].suite.evalsetHash = "evalset-hash-2"
        let comparison = try RunComparison(baseline: baseline.summary, baselineResults: baseline.results,
                                           candidate: candidate.summary, candidateResults: candidate.results)
        #expect(comparison.notes == ["qa / terse / local: prompt terse content changed"])
    }

    @Test("compare notes a changed base_url, and names no secret")
    func comparisonNotesBackendConfig() throws {
        var baseline = SyntheticRun.passFail(id: 1, count: 20, failing: 0).stored()
        var candidate = SyntheticRun.passFail(id: 2, count: 20, failing: 0).stored()
        var config = BackendConfig(name: "local", type: "openai")
        config.apiKeyEnvironmentVariable = "EVALCTL_TEST_KEY"
        let redactor = SecretRedactor(secrets: ["sk-test-attribution-0123456789"])
        config.baseURL = URL(string: "http://a.example/v1")
        baseline.summary.suites[0].suite.backendIdentity = config.identity(redactor: redactor).json
        config.baseURL = URL(string: "http://b.example/v1")
        candidate.summary.suites[0].suite.backendIdentity = config.identity(redactor: redactor).json
        let comparison = try RunComparison(baseline: baseline.summary, baselineResults: baseline.results,
                                           candidate: candidate.summary, candidateResults: candidate.results)
        #expect(comparison.notes == ["qa / terse / local: backend config changed: base_url http://a.example/v1 → http://b.example/v1"])
    }
}
