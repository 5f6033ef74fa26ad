import Foundation
import Testing
@testable import EvalKit

/// A run stored the way `evalctl run` stores one, with the fields the case explorer shows under the test's control:
/// each case's status, messages, output, error and score reason.
struct ExplorerRun {
    struct Case {
        var id: String
        var status: ResultStatus
        var output: String?
        var user = "question"
        var reason = "reason"
        var error: String? = nil
        var hash: String? = nil
        var repeatIndex = 0
        var finishReason = "stop"
    }

    struct Suite {
        var key = SuiteKey(evalset: "qa", promptID: "plain", backend: "stub")
        var cases: [Case]
    }

    var suites: [Suite]

    init(_ suites: [Suite]) {
        self.suites = suites
    }

    init(cases: [Case]) {
        suites = [Suite(cases: cases)]
    }

    @discardableResult
    func store(into store: any ResultStore, tag: String? = nil) async throws -> Int64 {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let runID = try await store.insertRun(RunRecord(startedAt: date, finishedAt: date, status: .running, gitCommit: nil, evalctlVersion: "test",
                                                        configHash: "config", tag: nil, hostname: "test", command: "evalctl run"))
        for suite in suites {
            let suiteID = try await store.insertSuite(SuiteRecord(
                runID: runID, evalset: suite.key.evalset, evalsetVersion: "1", evalsetHash: "evalset-hash", promptID: suite.key.promptID,
                promptHash: "prompt-hash", backend: suite.key.backend, model: "model-a", minPassRate: 0.8, caseCount: suite.cases.count,
                repeats: (suite.cases.map(\.repeatIndex).max() ?? 0) + 1), scorers: [(name: "exact", scale: .passFail)])
            let entries = suite.cases.map { evalCase in
                let request = ChatRequest(messages: [ChatMessage(role: .system, content: "Answer briefly."),
                                                     ChatMessage(role: .user, content: evalCase.user)]).storedJSON
                let result = ResultRecord(
                    runID: runID, suiteID: suiteID, evalset: suite.key.evalset, evalsetVersion: "1", evalsetHash: "evalset-hash",
                    caseID: evalCase.id, caseHash: evalCase.hash ?? "hash-\(evalCase.id)", promptID: suite.key.promptID, promptHash: "prompt-hash",
                    backend: suite.key.backend, model: "model-a", repeatIndex: evalCase.repeatIndex, request: request,
                    output: evalCase.status == .error || evalCase.status == .skipped ? nil : evalCase.output, status: evalCase.status,
                    error: evalCase.error ?? (evalCase.status == .error ? "HTTP 503: unavailable" : nil),
                    errorKind: evalCase.status == .error ? .backend : nil, latencyMs: 120, ttftMs: nil, promptTokens: 20, completionTokens: 5,
                    attempts: 1, finishReason: evalCase.finishReason, systemFingerprint: nil, completedAt: date)
                let scores = evalCase.status == .passed || evalCase.status == .failed
                    ? [Score(scorer: "exact", value: evalCase.status == .passed ? 1 : 0, threshold: 1, reason: evalCase.reason)] : []
                return ResultEntry(result: result, scores: scores)
            }
            if !entries.isEmpty { try await store.insertResults(entries) }
        }
        try await store.finishRun(id: runID, status: .completed)
        if let tag { try await store.tag(run: runID, as: tag) }
        return runID
    }
}

/// The parts of a written case explorer a test looks at.
struct ExplorerFile {
    let html: String

    init(path: String) throws {
        html = try String(contentsOfFile: path, encoding: .utf8)
    }

    /// The text of each `<script…>` element, with its opening tag.
    var scripts: [(tag: String, body: String)] {
        var found: [(String, String)] = []
        var rest = html[...]
        while let open = rest.range(of: "<script") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest[tagEnd...].range(of: "</script>") else { break }
            found.append((String(rest[open.lowerBound...tagEnd]), String(rest[rest.index(after: tagEnd)..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// Every case entry of the data blocks, in page order.
    func entries() throws -> [JSONValue] {
        try scripts.filter { $0.tag.contains("explorer-cases") }.flatMap { try JSONValue(parsing: Data($0.body.utf8)).arrayValue ?? [] }
    }

    func block(id: String) throws -> JSONValue {
        let body = try #require(scripts.first { $0.tag.contains("id=\"\(id)\"") }?.body)
        return try JSONValue(parsing: Data(body.utf8))
    }

    /// The Content-Security-Policy the page declares.
    var contentSecurityPolicy: String? {
        guard let start = html.range(of: "http-equiv=\"Content-Security-Policy\" content=\""),
              let end = html[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(html[start.upperBound..<end]).replacingOccurrences(of: "&#39;", with: "'")
    }

    var style: String? {
        guard let start = html.range(of: "<style>"), let end = html.range(of: "</style>") else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }
}
