import Foundation
import Testing
@testable import EvalKit

@Suite("JUnit written from the store page by page")
struct JUnitFromStoreTests {
    /// The file `JUnitReport.write(run:store:)` writes, next to the document built from every result in memory.
    static func both(_ fixture: StoredRunFixture, comparison: RunComparison? = nil, pageSize: Int,
                     in directory: TemporaryDirectory) async throws -> (paged: [UInt8], whole: [UInt8]) {
        let summary = try await fixture.store.summary(ofRun: fixture.runID)
        let path = directory.path("out/junit-\(pageSize).xml")
        try await JUnitReport.write(run: summary, store: fixture.store, comparison: comparison, to: path, pageSize: pageSize)
        let whole = JUnitReport(run: summary, results: try await fixture.store.results(ofRun: fixture.runID), comparison: comparison)
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), Array(whole.xmlString().utf8))
    }

    @Test("the paged file is byte for byte the report built from every result, at any page size", arguments: [1, 2, 500])
    func pagedEqualsWhole(pageSize: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Outputs of 150 KB make the file larger than one write of the buffer.
        let fixture = try await StoredRunFixture.make(in: try SQLiteStore.inMemory(), sizes: [21, 4, 0, 1], outputSize: 150_000)
        let (paged, whole) = try await Self.both(fixture, pageSize: pageSize, in: directory)
        #expect(paged.count > JUnitReport.flushSize)
        #expect(paged == whole)
        let text = String(decoding: paged, as: UTF8.self)
        #expect(text.contains("<error message=\"HTTP 500: boom\""))
        #expect(text.contains("<failure message=\"exact: differs &quot;here&quot;\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("out")) == ["junit-\(pageSize).xml"])
    }

    @Test("with a baseline, regressions and gate cases are the same in the paged file")
    func pagedEqualsWholeWithComparison() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.inMemory()
        let cases = Set((0..<12).map { "case-\($0)" })
        let baseline = try await StoredRunFixture.make(in: store, sizes: [12, 4, 0, 1], passingCases: cases)
        let candidate = try await StoredRunFixture.make(in: store, sizes: [12, 4, 0, 1])
        let comparison = try await RunComparison.load(store: store, baselineID: baseline.runID, candidateID: candidate.runID)
        #expect(!comparison.flipped.isEmpty)
        let (paged, whole) = try await Self.both(candidate, comparison: comparison, pageSize: 2, in: directory)
        #expect(paged == whole)
        let text = String(decoding: paged, as: UTF8.self)
        #expect(text.contains("type=\"Regression\""))
        #expect(text.contains("name=\"[gate] exact\""))
    }

    @Test("a run that stored no suite gives the same empty document")
    func noSuites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await StoredRunFixture.make(in: try SQLiteStore.inMemory(), sizes: [])
        let (paged, whole) = try await Self.both(fixture, pageSize: 500, in: directory)
        #expect(paged == whole)
        #expect(String(decoding: paged, as: UTF8.self).hasSuffix("/>\n"))
    }

    @Test("a path that cannot be written is a report error naming it, and the old file and folder are left as they were")
    func unwritablePath() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await StoredRunFixture.make(in: try SQLiteStore.inMemory())
        let summary = try await fixture.store.summary(ofRun: fixture.runID)
        try directory.write("blocker", "a file, not a folder")
        await #expect(throws: ReportFileError.self) {
            try await JUnitReport.write(run: summary, store: fixture.store, to: directory.path("blocker/junit.xml"))
        }
        do {
            try await JUnitReport.write(run: summary, store: fixture.store, to: directory.path("blocker/junit.xml"))
        } catch let error as ReportFileError {
            #expect(error.path == directory.path("blocker/junit.xml"))
        }
        #expect(try String(contentsOfFile: directory.path("blocker"), encoding: .utf8) == "a file, not a folder")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["blocker"])
    }
}
