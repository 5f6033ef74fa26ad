import Foundation
import Testing
@testable import EvalKit

@Suite("Runner")
struct EvalRunnerTests {
    /// An eval set of `count` cases whose expected answer is the question itself, so an echo backend passes them.
    static func echoEvalSet(count: Int, scorers: [any Scorer] = [ExactMatchScorer()]) throws -> ScoredEvalSet {
        let cases = (0..<count).map { EvalCase(id: "case-\($0)", vars: ["q": .string("question \($0)")], expected: .string("question \($0)")) }
        let prompt = PromptVersion(id: "p", path: "p.yaml", system: nil, user: try PromptTemplate("{{q}}"))
        let evalSet = EvalSet(name: "echo", version: "1", description: "", directory: URL(fileURLWithPath: "/tmp"), prompts: [prompt],
                              defaultPromptID: "p", cases: cases, scorerSpecs: [], minPassRate: 0.5)
        return ScoredEvalSet(evalSet, scorers: scorers)
    }

    /// Runs `matrix` against `backends` into a fresh in-memory store, through the store protocol only, and returns the
    /// store and run id. (`directory` is kept for the tests that also write files.)
    static func execute(
        _ matrix: RunMatrix, _ backends: [any ModelBackend], in directory: TemporaryDirectory, store given: (any ResultStore)? = nil
    ) async throws -> (any ResultStore, Int64) {
        let store: any ResultStore = try given ?? SQLiteStore.inMemory()
        let runID = try await store.insertRun(EvalStoreTests.run())
        var suiteIDs: [Int64] = []
        for suite in matrix.suites {
            var record = EvalStoreTests.suite(runID: runID)
            record.promptID = suite.prompt.id
            record.backend = suite.backendName
            suiteIDs.append(try await store.insertSuite(record))
        }
        let byName = Dictionary(uniqueKeysWithValues: backends.map { ($0.name, $0) })
        try await EvalRunner(store: store).execute(
            matrix: matrix, runID: runID, suiteIDs: suiteIDs, models: byName.mapValues { _ in "fake-model" }, backends: byName)
        return (store, runID)
    }

    @Test("never more requests in flight than the backend's concurrency, and the limit is reached")
    func boundedConcurrency() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backend = FakeBackend(concurrency: 4, delay: .milliseconds(20))
        let matrix = try RunMatrix(evalSets: [try Self.echoEvalSet(count: 40)], promptIDs: [], backendNames: ["fake"], repeats: 1)
        let (store, runID) = try await Self.execute(matrix, [backend], in: directory)
        #expect(backend.maxInFlight == 4)
        #expect(backend.calls == 40)
        let summary = try await store.summary(ofRun: runID)
        #expect(summary.passed == 40)
    }

    @Test("every case × repeat is stored exactly once, with its repeat index")
    func repeatsStoredOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backend = FakeBackend(concurrency: 8)
        let matrix = try RunMatrix(evalSets: [try Self.echoEvalSet(count: 10)], promptIDs: [], backendNames: ["fake"], repeats: 3)
        let (store, runID) = try await Self.execute(matrix, [backend], in: directory)
        let results = try await store.results(ofRun: runID)
        #expect(results.count == 30)
        let keys = Set(results.map { "\($0.result.caseID)#\($0.result.repeatIndex)" })
        #expect(keys.count == 30)
        #expect(Set(results.map(\.result.repeatIndex)) == [0, 1, 2])
    }

    @Test("backend errors and scorer errors are stored as errors with the reason; other cases go on")
    func errorsAreStoredNotDropped() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backend = FakeBackend(concurrency: 2) { request in
            let text = request.messages.last?.content ?? ""
            if text == "question 3" { throw BackendError.exhausted(attempts: 5, last: .http(status: 429, message: "slow down", retryAfter: nil)) }
            if text == "question 5" { return "wrong" }
            return text
        }
        let matrix = try RunMatrix(evalSets: [try Self.echoEvalSet(count: 8)], promptIDs: [], backendNames: ["fake"], repeats: 1)
        let (store, runID) = try await Self.execute(matrix, [backend], in: directory)
        let results = try await store.results(ofRun: runID)
        #expect(results.count == 8)
        let byCase = Dictionary(uniqueKeysWithValues: results.map { ($0.result.caseID, $0) })
        #expect(byCase["case-3"]?.result.status == .error)
        #expect(byCase["case-3"]?.result.error?.contains("HTTP 429") == true)
        #expect(byCase["case-3"]?.result.error?.contains("5 attempts") == true)
        #expect(byCase["case-5"]?.result.status == .failed)
        #expect(byCase["case-0"]?.result.status == .passed)
    }

    @Test("a scorer that throws makes the case an error, never a pass or a fail")
    func throwingScorer() async throws {
        struct Exploding: Scorer {
            let name = "exploding"
            let threshold = 1.0
            struct Boom: Error {}
            func score(_ input: ScoringInput) async throws -> Score { throw Boom() }
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try Self.echoEvalSet(count: 3, scorers: [ExactMatchScorer(), Exploding()])
        let matrix = try RunMatrix(evalSets: [evalSet], promptIDs: [], backendNames: ["fake"], repeats: 1)
        let (store, runID) = try await Self.execute(matrix, [FakeBackend(concurrency: 1)], in: directory)
        let summary = try await store.summary(ofRun: runID)
        #expect(summary.errored == 3)
        let results = try await store.results(ofRun: runID)
        #expect(results.allSatisfy { $0.result.error?.contains("scorer 'exploding'") == true })
    }

    @Test("several backends run side by side, each within its own limit")
    func backendsSideBySide() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = FakeBackend(name: "a", concurrency: 2, delay: .milliseconds(10))
        let second = FakeBackend(name: "b", concurrency: 5, delay: .milliseconds(10))
        let matrix = try RunMatrix(evalSets: [try Self.echoEvalSet(count: 20)], promptIDs: [], backendNames: ["a", "b"], repeats: 1)
        let (store, runID) = try await Self.execute(matrix, [first, second], in: directory)
        #expect(first.maxInFlight == 2)
        #expect(second.maxInFlight == 5)
        let summary = try await store.summary(ofRun: runID)
        #expect(summary.suites.count == 2)
        #expect(summary.suites.allSatisfy { $0.total == 20 })
    }

    @Test("cancelling a run stops it; every case finished before is stored")
    func cancellationKeepsFinishedResults() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let backend = FakeBackend(concurrency: 2, delay: .milliseconds(50))
        // Eight answers, then calls that never answer: the run cannot finish on its own, however the machine is loaded.
        backend.hangAfter = 8
        let matrix = try RunMatrix(evalSets: [try Self.echoEvalSet(count: 200)], promptIDs: [], backendNames: ["fake"], repeats: 1)
        let store = try SQLiteStore.inMemory()
        let task = Task { try await Self.execute(matrix, [backend], in: directory, store: store) }
        // Cancel once the eight answers are in and the next two calls hang.
        let deadline = ContinuousClock.now + .seconds(120)
        while backend.calls < 10, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        let results = try await store.results(ofRun: try await store.runID(for: "latest"))
        #expect(results.count > 0 && results.count <= 8, "\(results.count) results stored")
        #expect(results.allSatisfy { $0.result.status == .passed })
    }

    @Test("the matrix is eval sets × selected prompts × backends; unknown prompt ids are usage errors")
    func matrixSelection() throws {
        let base = try Self.echoEvalSet(count: 2).evalSet
        let second = PromptVersion(id: "q", path: "q.yaml", system: nil, user: try PromptTemplate("Q: {{q}}"))
        let evalSet = ScoredEvalSet(EvalSet(name: "two", version: "1", description: "", directory: base.directory, prompts: base.prompts + [second],
                                            defaultPromptID: "p", cases: Array(base.cases), scorerSpecs: [], minPassRate: 1), scorers: [ExactMatchScorer()])
        let defaultOnly = try RunMatrix(evalSets: [evalSet], promptIDs: [], backendNames: ["a", "b"], repeats: 2)
        #expect(defaultOnly.suites.map { "\($0.prompt.id)@\($0.backendName)" } == ["p@a", "p@b"])
        #expect(defaultOnly.totalCases == 2 * 2 * 2)
        let all = try RunMatrix(evalSets: [evalSet], promptIDs: ["all"], backendNames: ["a"], repeats: 1)
        #expect(all.suites.map(\.prompt.id) == ["p", "q"])
        #expect(throws: InvalidInput.self) { try RunMatrix(evalSets: [evalSet], promptIDs: ["nope"], backendNames: ["a"], repeats: 1) }
    }
}
