import Foundation

/// Runs a matrix: sends every case to its backend with at most `concurrency` requests in flight per backend,
/// scores each output, and commits each result to the store the moment it completes.
public struct EvalRunner: Sendable {
    public let store: any ResultStore
    public let progress: any RunProgressObserver

    public init(store: any ResultStore, progress: any RunProgressObserver = SilentProgress()) {
        self.store = store
        self.progress = progress
    }

    /// One request to make.
    struct WorkItem: Sendable {
        let suiteIndex: Int
        let evalCase: EvalCase
        let repeatIndex: Int
    }

    /// Runs every case of `matrix`; `suiteIDs[i]` is the stored id of `matrix.suites[i]`, `models[backend]` the model id.
    /// Returns the seconds from the first request to the last stored result, once all cases are stored; throws
    /// `CancellationError` if cancelled part-way (what finished is kept).
    @discardableResult
    public func execute(
        matrix: RunMatrix, runID: Int64, suiteIDs: [Int64], models: [String: String], backends: [String: any ModelBackend]
    ) async throws -> Double {
        let counter = ProgressCounter(RunProgress(total: matrix.totalCases))
        progress.runStarted(await counter.snapshot)
        var lanes: [String: [WorkItem]] = [:]
        for (index, suite) in matrix.suites.enumerated() {
            for evalCase in suite.evalSet.cases {
                for repeatIndex in 0..<matrix.repeats {
                    lanes[suite.backendName, default: []].append(WorkItem(suiteIndex: index, evalCase: evalCase, repeatIndex: repeatIndex))
                }
            }
        }
        let writer = ResultWriter(store: store)
        let context = LaneContext(
            matrix: matrix, runID: runID, suiteIDs: suiteIDs, models: models, writer: writer, progress: progress, counter: counter)
        do {
            try await withThrowingTaskGroup(of: (String, ConcurrencyLimit).self) { group in
                for (backendName, items) in lanes {
                    guard let backend = backends[backendName] else { continue }
                    group.addTask { (backendName, try await context.runLane(items, on: backend)) }
                }
                for try await (backendName, limit) in group where await limit.throttles > 0 {
                    progress.backendThrottled(backendName, maximum: limit.maximum, lowest: await limit.lowest,
                                              final: await limit.current, times: await limit.throttles)
                }
            }
        } catch {
            try? await writer.drain()
            throw error
        }
        try await writer.drain()
        let finished = await counter.snapshot
        progress.runFinished(finished)
        return finished.elapsed
    }
}

/// Everything one backend's lane needs; shared read-only across lanes.
private struct LaneContext: Sendable {
    let matrix: RunMatrix
    let runID: Int64
    let suiteIDs: [Int64]
    let models: [String: String]
    let writer: ResultWriter
    let progress: any RunProgressObserver
    let counter: ProgressCounter

    /// Keeps at most `backend.concurrency` requests in flight, fewer while the server rate-limits (`ConcurrencyLimit`):
    /// a new one starts only when one finishes and the limit allows it.
    func runLane(_ items: [EvalRunner.WorkItem], on backend: any ModelBackend) async throws -> ConcurrencyLimit {
        let limit = ConcurrencyLimit(maximum: backend.concurrency)
        try await withThrowingTaskGroup(of: CaseOutcome.self) { group in
            var pending = items.makeIterator()
            var running = 0
            var exhausted = false
            while true {
                let allowed = await limit.current
                while !exhausted, running < allowed {
                    guard let item = pending.next() else {
                        exhausted = true
                        break
                    }
                    running += 1
                    let sentIn = await limit.epoch
                    let listener = AttemptListener { error in
                        if ConcurrencyLimit.isRateLimit(error) { await limit.throttled(sentIn: sentIn) }
                    }
                    group.addTask { try await RetryPolicy.$attemptListener.withValue(listener) { try await evaluate(item, on: backend) } }
                }
                guard let outcome = try await group.next() else { break }
                running -= 1
                await limit.answered()
                try await record(outcome)
            }
        }
        return limit
    }

    private func evaluate(_ item: EvalRunner.WorkItem, on backend: any ModelBackend) async throws -> CaseOutcome {
        let suite = matrix.suites[item.suiteIndex]
        let request = ChatRequest(messages: suite.prompt.messages(for: item.evalCase))
        let completion: ChatCompletion
        do {
            completion = try await backend.complete(request)
        } catch let error as BackendError {
            // An interrupted run records nothing for requests cut off by the interruption.
            try Task.checkCancellation()
            return CaseOutcome(suiteIndex: item.suiteIndex, evalCase: item.evalCase, repeatIndex: item.repeatIndex,
                               request: request, completion: nil, scores: [], error: CaseError(kind: .backend, message: error.description))
        }
        var scores: [Score] = []
        let input = ScoringInput(evalCase: item.evalCase, output: completion.content)
        for scorer in suite.scorers {
            do {
                scores.append(try await scorer.score(input))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return CaseOutcome(suiteIndex: item.suiteIndex, evalCase: item.evalCase, repeatIndex: item.repeatIndex,
                                   request: request, completion: completion, scores: scores,
                                   error: CaseError(kind: .scorer, message: "scorer '\(scorer.name)' could not score the output: \(error)"))
            }
        }
        return CaseOutcome(suiteIndex: item.suiteIndex, evalCase: item.evalCase, repeatIndex: item.repeatIndex,
                           request: request, completion: completion, scores: scores, error: nil)
    }

    private func record(_ outcome: CaseOutcome) async throws {
        let suite = matrix.suites[outcome.suiteIndex]
        let completion = outcome.completion
        let result = ResultRecord(
            runID: runID, suiteID: suiteIDs[outcome.suiteIndex], evalset: suite.evalSet.name,
            evalsetVersion: suite.evalSet.version, evalsetHash: suite.evalSet.contentHash, caseID: outcome.evalCase.id,
            caseHash: outcome.evalCase.contentHash, promptID: suite.prompt.id, promptHash: suite.prompt.contentHash,
            backend: suite.backendName, model: completion?.model ?? models[suite.backendName] ?? "",
            repeatIndex: outcome.repeatIndex, request: outcome.request.storedJSON, output: completion?.content,
            status: outcome.status, error: outcome.error?.message, errorKind: outcome.error?.kind, latencyMs: completion.map { $0.latency * 1000 },
            ttftMs: completion?.timeToFirstToken.map { $0 * 1000 }, promptTokens: completion?.promptTokens,
            completionTokens: completion?.completionTokens, attempts: completion?.attempts ?? 0,
            finishReason: completion?.finishReason, systemFingerprint: completion?.systemFingerprint, completedAt: Date())
        try await writer.submit(result, scores: outcome.scores)
        progress.caseFinished(await counter.add(outcome.status))
    }
}

/// The run's running counts, shared by the lanes.
actor ProgressCounter {
    private var progress: RunProgress
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    init(_ progress: RunProgress) {
        self.progress = progress
        started = clock.now
    }

    var snapshot: RunProgress {
        var current = progress
        current.elapsed = (clock.now - started).seconds
        return current
    }

    func add(_ status: ResultStatus) -> RunProgress {
        progress.count(status)
        return snapshot
    }
}
