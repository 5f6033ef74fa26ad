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
        /// The cell has a stored error or skip that this result replaces (a resumed run).
        let replacesEarlier: Bool
    }

    /// What to do with a cell of the matrix: send it, send it in place of a stored error or skip, or leave it.
    public enum CellAction: Sendable {
        case send, sendReplacing, leave
    }

    /// Runs the cells of `matrix` that `cells` says to send (every cell when nil); `suiteIDs[i]` is the stored id of
    /// `matrix.suites[i]`, `models[backend]` the model id. With a `budget`, cells it turns away are stored as skipped.
    /// Returns the seconds from the first request to the last stored result, once all cells are stored; throws
    /// `CancellationError` if cancelled part-way (what finished is kept).
    @discardableResult
    public func execute(
        matrix: RunMatrix, runID: Int64, suiteIDs: [Int64], models: [String: String], backends: [String: any ModelBackend],
        fallbacks: [String: [any ModelBackend]] = [:], budget: CostBudget? = nil, pricings: [String: TokenPricing] = [:],
        cells: (@Sendable (CellKey) -> CellAction)? = nil
    ) async throws -> Double {
        // Each backend's lane makes its work items as it takes them: nothing per cell is queued up front, so memory
        // does not grow with the eval set. One pass counts the cells to send, for progress.
        var lanes: [String: LaneCells] = [:]
        for (index, suite) in matrix.suites.enumerated() {
            lanes[suite.backendName, default: LaneCells(matrix: matrix, suiteIDs: suiteIDs, cells: cells)].suiteIndices.append(index)
        }
        var total = 0
        for lane in lanes.values { total += lane.count }
        let counter = ProgressCounter(RunProgress(total: total))
        progress.runStarted(await counter.snapshot)
        let writer = ResultWriter(store: store)
        let context = LaneContext(
            matrix: matrix, runID: runID, suiteIDs: suiteIDs, models: models, writer: writer, progress: progress, counter: counter,
            budget: budget, fallbacks: fallbacks, pricings: pricings)
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

/// One backend's cells, in the order of its suites, their cases and repeats, as work items made one at a time.
struct LaneCells: Sequence, Sendable {
    let matrix: RunMatrix
    let suiteIDs: [Int64]
    /// Nil: every cell is sent.
    let cells: (@Sendable (CellKey) -> EvalRunner.CellAction)?
    var suiteIndices: [Int] = []

    /// How many cells the lane will send: every case of its suites times the repeats, or, when some cells are left
    /// out, one walk of its cells as the lane will take them (which reads every case once more).
    var count: Int {
        guard cells != nil else { return suiteIndices.reduce(0) { $0 + matrix.suites[$1].evalSet.cases.count } * matrix.repeats }
        var total = 0
        var cells = makeIterator()
        while cells.next() != nil { total += 1 }
        return total
    }

    func makeIterator() -> Iterator { Iterator(lane: self) }

    struct Iterator: IteratorProtocol {
        let lane: LaneCells
        var suitePosition = 0, caseIndex = 0, repeatIndex = 0
        /// The case at `caseIndex`, read once for all its repeats (a case from a file is parsed on each read).
        var current: EvalCase?

        mutating func next() -> EvalRunner.WorkItem? {
            while suitePosition < lane.suiteIndices.count {
                let suiteIndex = lane.suiteIndices[suitePosition]
                let cases = lane.matrix.suites[suiteIndex].evalSet.cases
                guard caseIndex < cases.count, lane.matrix.repeats > 0 else {
                    suitePosition += 1
                    caseIndex = 0
                    repeatIndex = 0
                    current = nil
                    continue
                }
                let evalCase = current ?? cases[caseIndex]
                current = evalCase
                let repeatOfCase = repeatIndex
                repeatIndex += 1
                if repeatIndex == lane.matrix.repeats {
                    repeatIndex = 0
                    caseIndex += 1
                    current = nil
                }
                let action = lane.cells?(CellKey(suiteID: lane.suiteIDs[suiteIndex], caseID: evalCase.id, repeatIndex: repeatOfCase)) ?? .send
                guard action != .leave else { continue }
                return EvalRunner.WorkItem(suiteIndex: suiteIndex, evalCase: evalCase, repeatIndex: repeatOfCase,
                                           replacesEarlier: action == .sendReplacing)
            }
            return nil
        }
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
    let budget: CostBudget?
    /// Each run backend's fallbacks, in order (`fallback:`).
    let fallbacks: [String: [any ModelBackend]]
    /// Each run backend's prices, for the budget's first estimate.
    let pricings: [String: TokenPricing]

    /// Keeps at most `backend.concurrency` requests in flight, fewer while the server rate-limits (`ConcurrencyLimit`):
    /// a new one starts only when one finishes and the limit allows it.
    func runLane(_ items: LaneCells, on backend: any ModelBackend) async throws -> ConcurrencyLimit {
        let limit = ConcurrencyLimit(maximum: backend.concurrency)
        try await withThrowingTaskGroup(of: (CaseOutcome, CaseLedger.Entries, Int?, Bool).self) { group in
            var pending = items.makeIterator()
            var held: EvalRunner.WorkItem?
            var running = 0
            var exhausted = false
            while true {
                let allowed = await limit.current
                scheduling: while !exhausted, running < allowed {
                    guard let item = held ?? pending.next() else {
                        exhausted = true
                        break
                    }
                    held = nil
                    var ticket: Int?
                    if let budget {
                        switch await budget.admit(firstEstimate: { [pricing = pricings[backend.name]] in Self.firstEstimate(item, matrix: matrix, pricing: pricing) }) {
                        case .admitted(let granted):
                            ticket = granted
                        case .wait where running > 0:
                            // This lane's answers will say what the cells in flight really cost.
                            held = item
                            break scheduling
                        case .wait:
                            // Only other lanes have cells in flight: look again shortly.
                            held = item
                            try await Task.sleep(for: .milliseconds(20))
                            continue scheduling
                        case .stop:
                            try await skip(item, budget: budget)
                            continue scheduling
                        }
                    }
                    running += 1
                    let sentIn = await limit.epoch
                    let listener = AttemptListener { error in
                        if ConcurrencyLimit.isRateLimit(error) { await limit.throttled(sentIn: sentIn) }
                    }
                    group.addTask {
                        let ledger = CaseLedger()
                        let outcome = try await CaseLedger.$current.withValue(ledger) {
                            try await RetryPolicy.$attemptListener.withValue(listener) { try await evaluate(item, on: backend) }
                        }
                        return (outcome, ledger.entries, ticket, item.replacesEarlier)
                    }
                }
                guard let (outcome, entries, ticket, replacesEarlier) = try await group.next() else { break }
                running -= 1
                await limit.answered()
                if let budget, let ticket {
                    await budget.settle(ticket, costUSD: (entries.generationCostUSD ?? 0) + (entries.judgingCostUSD ?? 0))
                }
                try await record(outcome, entries: entries, replacesEarlier: replacesEarlier)
            }
        }
        return limit
    }

    /// Before any cell of the run has cost anything: this cell's prompt at the input price (a token per 4 bytes), and
    /// 256 tokens at the output price.
    private static func firstEstimate(_ item: EvalRunner.WorkItem, matrix: RunMatrix, pricing: TokenPricing?) -> Double {
        guard let pricing else { return 0 }
        let suite = matrix.suites[item.suiteIndex]
        let bytes = suite.prompt.messages(for: item.evalCase).reduce(0) { $0 + $1.content.utf8.count }
        return pricing.cost(promptTokens: TokenPricing.estimatedTokens(bytes), completionTokens: 256)
    }

    /// Sends the case to its backend, and when that fails it (after its retries, or with its circuit open or the
    /// backend unreachable), to each of the backend's fallbacks in turn; then scores the answer.
    private func evaluate(_ item: EvalRunner.WorkItem, on backend: any ModelBackend) async throws -> CaseOutcome {
        let suite = matrix.suites[item.suiteIndex]
        let request = ChatRequest(messages: suite.prompt.messages(for: item.evalCase), sample: item.repeatIndex)
        var failures: [(backend: String, error: BackendError)] = []
        // Requests the failed candidates sent; an answer says its own (0 from the cache).
        var failedAttempts = 0
        for candidate in [backend] + (fallbacks[backend.name] ?? []) {
            let completion: ChatCompletion
            let counter = AttemptCounter()
            do {
                completion = try await RetryPolicy.$attemptCounter.withValue(counter) { try await candidate.complete(request) }
            } catch let error as BackendError {
                // An interrupted run records nothing for requests cut off by the interruption.
                try Task.checkCancellation()
                failures.append((candidate.name, error))
                failedAttempts += counter.value
                continue
            }
            let (scores, error) = try await CaseScoring.score(ScoringInput(evalCase: item.evalCase, output: completion.content), with: suite.scorers)
            var outcome = CaseOutcome(suiteIndex: item.suiteIndex, evalCase: item.evalCase, repeatIndex: item.repeatIndex,
                                      request: request, completion: completion, scores: scores, error: error,
                                      answeredBy: candidate.name, cacheKey: candidate.identity(of: request).key)
            outcome.flags = CaseFlags.reasons(suite.evalSet, evalCase: item.evalCase, output: completion.content, scores: scores, error: error)
            outcome.attempts = failedAttempts + completion.attempts
            return outcome
        }
        // One failure reads as it always did; a chain names each backend it tried.
        let message = failures.count == 1 ? failures[0].error.description
            : failures.map { "backend '\($0.backend)': \($0.error)" }.joined(separator: "; then ")
        var outcome = CaseOutcome(suiteIndex: item.suiteIndex, evalCase: item.evalCase, repeatIndex: item.repeatIndex,
                                  request: request, completion: nil, scores: [], error: CaseError(kind: .backend, message: message),
                                  answeredBy: nil, cacheKey: backend.identity(of: request).key)
        outcome.attempts = failedAttempts
        return outcome
    }

    private func record(_ outcome: CaseOutcome, entries: CaseLedger.Entries, replacesEarlier: Bool) async throws {
        let suite = matrix.suites[outcome.suiteIndex]
        let completion = outcome.completion
        var result = ResultRecord(
            runID: runID, suiteID: suiteIDs[outcome.suiteIndex], evalset: suite.evalSet.name,
            evalsetVersion: suite.evalSet.version, evalsetHash: suite.evalSet.contentHash, caseID: outcome.evalCase.id,
            caseHash: outcome.evalCase.contentHash, promptID: suite.prompt.id, promptHash: suite.prompt.contentHash,
            backend: suite.backendName, model: completion?.model ?? models[suite.backendName] ?? "",
            repeatIndex: outcome.repeatIndex, request: outcome.request.storedJSON, output: completion?.content,
            status: outcome.status, error: outcome.error?.message, errorKind: outcome.error?.kind, latencyMs: completion.map { $0.latency * 1000 },
            ttftMs: completion?.timeToFirstToken.map { $0 * 1000 }, promptTokens: completion?.promptTokens,
            completionTokens: completion?.completionTokens, attempts: outcome.attempts,
            finishReason: completion?.finishReason, systemFingerprint: completion?.systemFingerprint, completedAt: Date())
        result.cacheKey = outcome.cacheKey
        result.answeredBy = outcome.answeredBy
        result.fromCache = completion?.cachedAt != nil
        result.costUSD = result.fromCache ? 0 : entries.generationCostUSD
        result.judgeCostUSD = entries.judgingCostUSD
        result.cacheCreationInputTokens = completion?.cacheCreationInputTokens
        result.cacheReadInputTokens = completion?.cacheReadInputTokens
        result.flags = outcome.flags.isEmpty ? nil : outcome.flags
        try await writer.submit(ResultEntry(result: result, scores: outcome.scores, cacheEntries: entries.answersToRecord,
                                            cacheKeysUsed: entries.keysRead, replacesEarlier: replacesEarlier))
        progress.caseFinished(await counter.add(outcome.status, fromCache: result.fromCache))
    }

    /// Stores a cell the budget turned away as skipped, with the reason; it is never sent.
    private func skip(_ item: EvalRunner.WorkItem, budget: CostBudget) async throws {
        let suite = matrix.suites[item.suiteIndex]
        let request = ChatRequest(messages: suite.prompt.messages(for: item.evalCase), sample: item.repeatIndex)
        let reason = "not sent: the run reached its cost budget of \(CostBudget.dollars(budget.limitUSD))"
        let result = ResultRecord(
            runID: runID, suiteID: suiteIDs[item.suiteIndex], evalset: suite.evalSet.name,
            evalsetVersion: suite.evalSet.version, evalsetHash: suite.evalSet.contentHash, caseID: item.evalCase.id,
            caseHash: item.evalCase.contentHash, promptID: suite.prompt.id, promptHash: suite.prompt.contentHash,
            backend: suite.backendName, model: models[suite.backendName] ?? "", repeatIndex: item.repeatIndex,
            request: request.storedJSON, output: nil, status: .skipped, error: reason, latencyMs: nil, ttftMs: nil,
            promptTokens: nil, completionTokens: nil, attempts: 0, finishReason: nil, systemFingerprint: nil, completedAt: Date())
        try await writer.submit(ResultEntry(result: result, scores: [], replacesEarlier: item.replacesEarlier))
        progress.caseFinished(await counter.add(.skipped, fromCache: false))
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

    func add(_ status: ResultStatus, fromCache: Bool) -> RunProgress {
        progress.count(status)
        if fromCache { progress.fromCache += 1 }
        return snapshot
    }
}
