import Foundation

extension JUnitReport {
    /// Writes the JUnit file of a stored run straight from the store, a page of results at a time, so its memory does
    /// not grow with the run: the same bytes as `JUnitReport(run:results:comparison:).write(to:)`. Counts and times in
    /// the suite headers come from `suiteFigures`; the file appears atomically (a temporary file renamed over `path`).
    public static func write(run: RunSummary, store: any ResultStore, comparison: RunComparison? = nil, to path: String,
                             pageSize: Int = 500) async throws {
        let figures = try await store.suiteFigures(ofRun: run.run.id)
        let headers = run.suites.map { summary in
            let gates = gateCases(summary.suite, comparison: comparison)
            let count = figures[summary.suite.id]?.count ?? 0
            return (summary: summary, gates: gates, tests: count + gates.count,
                    failures: summary.failed + gates.count(where: { if case .failed = $0.outcome { true } else { false } }),
                    suite: suite(summary, of: run, time: (figures[summary.suite.id]?.latencySumMs ?? 0) / 1000,
                                 answeringModel: figures[summary.suite.id]?.answeringModel, comparison: comparison))
        }
        let file = try ReportFileWriter(path: path)
        do {
            var xml = JUnitXMLBuilder()
            xml.reserve(Self.flushSize + 64 * 1024)
            let open = xml.openDocument(
                name: "evalctl run \(run.run.id)", tests: headers.reduce(0) { $0 + $1.tests },
                failures: headers.reduce(0) { $0 + $1.failures }, errors: headers.reduce(0) { $0 + $1.summary.errored },
                time: headers.reduce(0) { $0 + $1.suite.time }, empty: headers.isEmpty)
            for header in headers where open {
                guard xml.openSuite(header.suite, tests: header.tests, failures: header.failures, errors: header.summary.errored,
                                    skipped: header.summary.skipped) else { continue }
                try await store.forEachResultPage(ofSuite: header.summary.suite.id, pageSize: pageSize) { page in
                    for stored in page {
                        xml.append(testCase(stored, in: header.summary.suite, comparison: comparison))
                    }
                    if xml.bytes.count >= Self.flushSize {
                        try file.append(xml.bytes)
                        xml.clear()
                    }
                }
                for gate in header.gates {
                    xml.append(gate)
                }
                xml.closeSuite()
            }
            if open { xml.closeDocument() }
            try file.append(xml.bytes)
            try file.finish()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Bytes gathered before they are written out.
    static let flushSize = 256 * 1024
}
