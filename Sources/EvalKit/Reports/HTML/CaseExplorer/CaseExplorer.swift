import Foundation

/// One self-contained HTML page to browse every case of a run: input, expected answer, output, every score and error,
/// grouped by eval set × prompt × backend with failures and errors first, filtered by status and searched in the
/// browser. With a second run (`against`), each case is shown beside the same case in that run, paired as
/// `RunComparison` pairs them, with a word-level diff of the two outputs. `evalctl report --cases RUN --html FILE`.
///
/// The file is written from the store a page of results at a time (a suite at a time with `against`, which pairing
/// needs), so memory does not grow with the run. Cases travel as JSON in `<script type="application/json">` blocks
/// (`ScriptJSON`: nothing in them can end the element); one inline script, allowed by its SHA-256 in the page's
/// Content-Security-Policy, draws them. Nothing is fetched: the page works from disk. Every text field is cut at
/// `fieldLimit` UTF-8 bytes, and the page says so.
///
/// ```swift
/// let explorer = try await CaseExplorer.load(store: store, run: "latest", against: "main")
/// let written = try await explorer.write(to: "cases.html", store: store)
/// ```
public struct CaseExplorer: Sendable {
    public var run: RunSummary
    public var against: RunSummary?
    /// The expected answers of `run`'s cases and of `against`'s.
    public var expected: ExpectedAnswerLookup
    public var againstExpected: ExpectedAnswerLookup
    /// The most of any one text (an output, a message, a reason) the page holds, in UTF-8 bytes.
    public var fieldLimit = 20_000
    /// Results read from the store at a time.
    public var pageSize = 500

    /// No expected answers: results do not store them.
    public static let noExpectedAnswers: ExpectedAnswerLookup = { _ in ExpectedAnswer(missing: "not stored with results") }

    public init(run: RunSummary, against: RunSummary? = nil, expected: @escaping ExpectedAnswerLookup = CaseExplorer.noExpectedAnswers,
                againstExpected: @escaping ExpectedAnswerLookup = CaseExplorer.noExpectedAnswers) {
        self.run = run
        self.against = against
        self.expected = expected
        self.againstExpected = againstExpected
    }

    /// The runs `run` and `against` name (`latest`, an id, a tag or a run key); an unknown one is `StoreError.noSuchRun`.
    public static func load(store: any ResultStore, run: String, against: String? = nil) async throws -> CaseExplorer {
        let summary = try await store.summary(ofRun: try await store.runID(for: run))
        var againstSummary: RunSummary?
        if let against { againstSummary = try await store.summary(ofRun: try await store.runID(for: against)) }
        return CaseExplorer(run: summary, against: againstSummary)
    }

    /// What was written, for the command's message.
    public struct Written: Sendable, Equatable {
        public var cases: Int
        public var suites: Int
        public var bytes: Int
    }

    /// Writes the page to `path` atomically (a temporary file renamed over it once complete).
    @discardableResult
    public func write(to path: String, store: any ResultStore) async throws -> Written {
        let file = try ReportFileWriter(path: path)
        do {
            var page = CaseExplorerPage(explorer: self, file: file)
            try page.open()
            if against == nil {
                try await writeCases(of: run, store: store, into: &page)
            } else {
                try await writePairs(store: store, into: &page)
            }
            try page.close()
            try file.finish()
            return Written(cases: page.entries, suites: page.suites.count, bytes: page.bytesWritten)
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Each suite's results in three passes over its pages (failures, then errors and skips, then passes), so the
    /// page lists failures first without holding a suite in memory.
    private func writeCases(of run: RunSummary, store: any ResultStore, into page: inout CaseExplorerPage) async throws {
        for summary in run.suites.sorted(by: { SuiteKey($0.suite) < SuiteKey($1.suite) }) {
            let index = page.suiteIndex(SuiteKey(summary.suite))
            let passes: [(count: Int, statuses: Set<ResultStatus>)] = [
                (summary.failed, [.failed]), (summary.errored + summary.skipped, [.error, .skipped]), (summary.passed, [.passed]),
            ]
            for pass in passes where pass.count > 0 {
                try await store.forEachResultPage(ofSuite: summary.suite.id, pageSize: pageSize) { results in
                    for stored in results where pass.statuses.contains(stored.result.status) {
                        try page.appendCase(stored, suite: index, expected: expected(stored.result.fields))
                    }
                }
            }
        }
    }

    /// Suites by eval set × prompt × backend in both runs, each read whole on both sides and paired case by case as
    /// `SuitePairing` pairs them; a suite in one run only lists its cases as such.
    private func writePairs(store: any ResultStore, into page: inout CaseExplorerPage) async throws {
        guard let against else { return }
        let mine = Dictionary(run.suites.map { (SuiteKey($0.suite), $0.suite) }, uniquingKeysWith: { first, _ in first })
        let theirs = Dictionary(against.suites.map { (SuiteKey($0.suite), $0.suite) }, uniquingKeysWith: { first, _ in first })
        for key in Set(mine.keys).union(theirs.keys).sorted() {
            let index = page.suiteIndex(key)
            var results: [StoredResult] = [], reference: [StoredResult] = []
            if let suite = mine[key] { results = try await allResults(of: suite.id, store: store) }
            if let suite = theirs[key] { reference = try await allResults(of: suite.id, store: store) }
            let pairs = CasePairView.pairs(run: (mine[key], results), against: (theirs[key], reference))
            for pair in pairs {
                try page.appendPair(pair, suite: index, expected: expected, againstExpected: againstExpected)
            }
        }
    }

    private func allResults(of suiteID: Int64, store: any ResultStore) async throws -> [StoredResult] {
        var all: [StoredResult] = []
        try await store.forEachResultPage(ofSuite: suiteID, pageSize: pageSize) { all += $0 }
        return all
    }
}

extension CaseExplorer {
    /// The page's policy: nothing from anywhere (`default-src 'none'`), only this page's own script and stylesheet by
    /// their SHA-256, images only as `data:` URLs, no `<base>` and no form submissions.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src '\(sha256Source(script))'; style-src '\(sha256Source(stylesheet))'; img-src data:; base-uri 'none'; form-action 'none'"

    /// `sha256-…`: the base64 SHA-256 of `text`'s UTF-8 bytes, as a Content-Security-Policy source.
    static func sha256Source(_ text: String) -> String {
        "sha256-" + Data(SHA256.digest(Array(text.utf8))).base64EncodedString()
    }
}
