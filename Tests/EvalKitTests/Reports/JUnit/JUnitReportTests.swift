import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import EvalKit

@Suite("JUnit report")
final class JUnitReportTests {
    /// Everything a test writes goes here; removed when the test ends.
    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appending(path: "junit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: scratch)
    }

    // MARK: Schema conformance

    @Test("a report with passes, failures and errors validates against the Jenkins schema")
    func normalReportValidates() async throws {
        let file = try writeToTemporaryFile(Sample.normalReport)
        try await expectSchemaValid(file)

        let document = try XMLDocument(contentsOf: file, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "4")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        #expect(root.attribute(forName: "time")?.stringValue == "15.750")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "tests")?.stringValue } == ["3", "1"])
        #expect(suites.map { $0.attribute(forName: "failures")?.stringValue } == ["1", "0"])
        #expect(suites.map { $0.attribute(forName: "errors")?.stringValue } == ["1", "0"])
    }

    @Test("the writer's output matches the golden file byte for byte, every time")
    func outputIsDeterministic() throws {
        let golden = try String(contentsOf: Fixtures.url("normal-report.xml"), encoding: .utf8)
        #expect(Sample.normalReport.xmlString() == golden)
        #expect(Sample.normalReport.xmlString() == Sample.normalReport.xmlString())
    }

    @Test("children follow the schema's order: properties, test cases; failure or error before system-out")
    func elementOrder() throws {
        let document = try XMLDocument(xmlString: Sample.normalReport.xmlString(), options: [])
        let suite = try #require(document.rootElement()?.elements(forName: "testsuite").first)
        let children = (suite.children ?? []).compactMap { $0.name }
        #expect(children == ["properties", "testcase", "testcase", "testcase"])
        let cases = suite.elements(forName: "testcase")
        #expect(cases.map { ($0.children ?? []).compactMap(\.name) } == [
            ["system-out"], ["failure", "system-out"], ["error"],
        ])
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == ["paris", "berlin", "madrid"])
    }

    @Test("an empty report and suites without cases still validate")
    func emptyReportsValidate() async throws {
        try await expectSchemaValid(try writeToTemporaryFile(JUnitReport(name: "empty", suites: [])))
        let emptySuite = JUnitSuite(name: "nothing ran", id: 0, timestamp: Sample.startedAt, hostname: "ci", time: 0)
        try await expectSchemaValid(try writeToTemporaryFile(JUnitReport(name: "empty suite", suites: [emptySuite])))
    }

    @Test("the validation harness rejects a file that breaks the schema")
    func harnessCatchesInvalidFiles() async throws {
        let directory = try temporaryDirectory()
        let missingCounts = directory.appending(path: "missing-counts.xml")
        try Data("<testsuites><testsuite name=\"x\"/></testsuites>".utf8).write(to: missingCounts)
        #expect(try await xmllint(missingCounts).status != 0)
        let rawControl = directory.appending(path: "raw-control.xml")
        try Data("<testsuites name=\"\u{1B}\"/>".utf8).write(to: rawControl)
        #expect(try await xmllint(rawControl).status != 0)
    }

    // MARK: Hostile model output

    @Test("hostile model output keeps the file valid and reads back as written, forbidden characters replaced")
    func hostileOutput() async throws {
        let hostile = try Fixtures.hostileOutputs()
        #expect(hostile.count >= 10)
        let report = JUnitReport(name: "hostile", suites: hostile.enumerated().map { index, sample in
            JUnitSuite(
                name: sample.text, id: index, timestamp: Sample.startedAt, hostname: sample.text, time: 1,
                properties: [JUnitProperty(name: sample.text, value: sample.text)],
                testCases: [
                    JUnitTestCase(classname: sample.text, name: sample.text, time: 0.5,
                                  outcome: .failed(message: sample.text, type: sample.text, details: sample.text),
                                  systemOut: sample.text),
                    JUnitTestCase(classname: "errored", name: sample.label, time: 0.5,
                                  outcome: .errored(message: sample.text, type: sample.text, details: sample.text)),
                ]
            )
        })
        let file = try writeToTemporaryFile(report)
        try await expectSchemaValid(file)

        let suites = try XMLDocument(contentsOf: file, options: []).rootElement()?.elements(forName: "testsuite") ?? []
        try #require(suites.count == hostile.count)
        for (suite, sample) in zip(suites, hostile) {
            let failed = try #require(suite.elements(forName: "testcase").first)
            let errored = try #require(suite.elements(forName: "testcase").last)
            let property = try #require(suite.elements(forName: "properties").first?.elements(forName: "property").first)
            let failure = try #require(failed.elements(forName: "failure").first)
            let error = try #require(errored.elements(forName: "error").first)
            let readBack: [(slot: String, value: String?)] = [
                ("suite name", suite.attribute(forName: "name")?.stringValue),
                ("hostname", suite.attribute(forName: "hostname")?.stringValue),
                ("property name", property.attribute(forName: "name")?.stringValue),
                ("property value", property.attribute(forName: "value")?.stringValue),
                ("classname", failed.attribute(forName: "classname")?.stringValue),
                ("test name", failed.attribute(forName: "name")?.stringValue),
                ("failure message", failure.attribute(forName: "message")?.stringValue),
                ("failure type", failure.attribute(forName: "type")?.stringValue),
                ("failure details", failure.stringValue),
                ("system-out", failed.elements(forName: "system-out").first?.stringValue),
                ("error message", error.attribute(forName: "message")?.stringValue),
                ("error details", error.stringValue),
            ]
            for (slot, value) in readBack {
                #expect(value == sample.expected, "\(sample.label): \(slot)")
                #expect(value?.unicodeScalars.allSatisfy(XMLText.isAllowed) == true, "\(sample.label): \(slot)")
            }
        }
    }

    @Test("characters XML 1.0 forbids are replaced with visible \\u{..} escapes, allowed ones are kept")
    func forbiddenCharactersAreReplaced() {
        #expect(XMLText.replacingForbiddenCharacters("a\u{0}b\u{1}c\u{1B}[0m\u{1F}") == #"a\u{0}b\u{1}c\u{1B}[0m\u{1F}"#)
        #expect(XMLText.replacingForbiddenCharacters("\u{FFFE}\u{FFFF}\u{FFFD}\u{FFEF}") == #"\u{FFFE}\u{FFFF}"# + "\u{FFFD}\u{FFEF}")
        #expect(XMLText.replacingForbiddenCharacters("\t\n\r<&>\u{7F}\u{85}🎉") == "\t\n\r<&>\u{7F}\u{85}🎉")
        #expect(XMLText.escapingText("\u{1B}]]>\r\n\t'\"") == #"\u{1B}]]&gt;&#13;"# + "\n\t&apos;&quot;")
        #expect(XMLText.escapingAttribute("a&b\t\n\r<\"'>") == "a&amp;b&#9;&#10;&#13;&lt;&quot;&apos;&gt;")

        // Every scalar up to U+FFFF plus the edges of the astral planes, against a scalar-by-scalar reference.
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0x10000)!, Unicode.Scalar(0x10FFFF)!]
        var all = String.UnicodeScalarView()
        all.append(contentsOf: scalars)
        var expected = ""
        for scalar in scalars {
            let allowed = scalar.value == 0x9 || scalar.value == 0xA || scalar.value == 0xD
                || (0x20...0xD7FF).contains(scalar.value) || (0xE000...0xFFFD).contains(scalar.value)
                || scalar.value >= 0x10000
            #expect(XMLText.isAllowed(scalar) == allowed)
            expected += allowed ? String(scalar) : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
        #expect(XMLText.replacingForbiddenCharacters(String(all)) == expected)
    }

    @Test("a 1 MB model output is written whole and the file stays valid")
    func megabyteOutput() async throws {
        let chunk = "ok \u{1B}[1m<b>&\"'\u{0}]]>🎉\n"
        let output = String(repeating: chunk, count: 1_048_576 / chunk.utf8.count + 1)
        #expect(output.utf8.count > 1_048_576)
        let testCase = JUnitTestCase(classname: "big", name: "long answer", time: 42,
                                     outcome: .failed(message: "too long", type: "length", details: output),
                                     systemOut: output)
        let file = try writeToTemporaryFile(JUnitReport(name: "big", suites: [
            JUnitSuite(name: "big", id: 0, timestamp: Sample.startedAt, hostname: "ci", time: 42, testCases: [testCase]),
        ]))
        try await expectSchemaValid(file)

        let element = try #require(try XMLDocument(contentsOf: file, options: []).rootElement()?
            .elements(forName: "testsuite").first?.elements(forName: "testcase").first)
        let expected = output.replacingOccurrences(of: "\u{0}", with: #"\u{0}"#)
            .replacingOccurrences(of: "\u{1B}", with: #"\u{1B}"#)
        #expect(element.elements(forName: "system-out").first?.stringValue == expected)
        #expect(element.elements(forName: "failure").first?.stringValue == expected)
    }

    @Test("10,000 test cases are written in order and the file stays valid")
    func tenThousandCases() async throws {
        let cases = (0..<10_000).map { index in
            JUnitTestCase(classname: "bulk", name: "case-\(index)", time: Double(index) / 1000,
                          outcome: index % 10 == 0 ? .failed(message: "wrong", type: "exact", details: "got <\(index)>") : .passed,
                          systemOut: "answer \(index) & more")
        }
        let report = JUnitReport(name: "bulk", suites: [
            JUnitSuite(name: "bulk", id: 0, timestamp: Sample.startedAt, hostname: "ci", time: 50, testCases: cases),
        ])
        let file = try writeToTemporaryFile(report)
        try await expectSchemaValid(file)
        let names = try XMLDocument(contentsOf: file, options: []).nodes(forXPath: "/testsuites/testsuite/testcase/@name")
        #expect(names.map(\.stringValue) == (0..<10_000).map { "case-\($0)" })
        #expect(report.failures == 1_000)
    }

    // MARK: Formats

    @Test("timestamps are ISO 8601 in UTC without a zone designator")
    func timestampFormat() throws {
        let document = try XMLDocument(xmlString: Sample.normalReport.xmlString(), options: [])
        let stamps = try document.nodes(forXPath: "/testsuites/testsuite/@timestamp").map(\.stringValue)
        #expect(stamps == ["2026-11-24T23:50:00", "2026-11-24T23:50:09"])
    }

    @Test("times are written in seconds with three decimals, never negative or non-numeric")
    func timeFormat() async throws {
        let times: [Double] = [0, 0.0004, 0.0005, 1, 1.23456, 59.9999, 12_345.6789, -3, .nan, .infinity]
        let cases = times.enumerated().map { JUnitTestCase(classname: "t", name: "\($0.offset)", time: $0.element) }
        let report = JUnitReport(name: "times", suites: [
            JUnitSuite(name: "times", id: 0, timestamp: Sample.startedAt, hostname: "ci", time: 12_345.6789, testCases: cases),
        ])
        let file = try writeToTemporaryFile(report)
        try await expectSchemaValid(file)
        let written = try XMLDocument(contentsOf: file, options: []).nodes(forXPath: "//testcase/@time").map(\.stringValue)
        #expect(written == ["0.000", "0.000", "0.001", "1.000", "1.235", "60.000", "12345.679", "0.000", "0.000", "0.000"])
    }

    @Test("writing replaces an existing file atomically and leaves no temporary file behind")
    func atomicWrite() throws {
        let directory = try temporaryDirectory()
        let file = directory.appending(path: "junit.xml")
        try Data(String(repeating: "stale ", count: 100_000).utf8).write(to: file)
        try Sample.normalReport.write(to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == Sample.normalReport.xmlString())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["junit.xml"])
    }
}

// MARK: - Helpers

extension JUnitReportTests {
    fileprivate enum Sample {
        /// 2026-11-24T23:50:00Z
        static let startedAt = Date(timeIntervalSince1970: 1_795_564_200)

        static let normalReport = JUnitReport(name: "evalctl run 7", suites: [
            JUnitSuite(
                name: "capitals", id: 0, timestamp: startedAt, hostname: "ci-runner-3", time: 12.25,
                properties: [
                    JUnitProperty(name: "model", value: "llama-3-8b-instruct"),
                    JUnitProperty(name: "prompt", value: "capitals@v2"),
                ],
                testCases: [
                    JUnitTestCase(classname: "capitals.llama-3-8b-instruct", name: "paris", time: 0.8123,
                                  systemOut: "The capital of France is Paris."),
                    JUnitTestCase(classname: "capitals.llama-3-8b-instruct", name: "berlin", time: 1.5,
                                  outcome: .failed(message: "expected \"Berlin\"", type: "exact-match",
                                                   details: "expected: Berlin\nactual:   Bonn"),
                                  systemOut: "Bonn"),
                    JUnitTestCase(classname: "capitals.llama-3-8b-instruct", name: "madrid", time: 30,
                                  outcome: .errored(message: "backend timed out after 30 s", type: "timeout",
                                                    details: "URLError -1001")),
                ]
            ),
            JUnitSuite(
                name: "arithmetic", id: 1, timestamp: startedAt.addingTimeInterval(9.75), hostname: "ci-runner-3", time: 3.5,
                testCases: [JUnitTestCase(classname: "arithmetic.llama-3-8b-instruct", name: "2+2", time: 0.25)]
            ),
        ])
    }

    fileprivate struct HostileOutput: Decodable {
        let label: String
        let text: String
        /// What a parser must read back: `text` with forbidden characters replaced.
        let expected: String
    }

    fileprivate enum Fixtures {
        /// `Tests/Fixtures/junit`, found from this file so the repo's own copy of the schema is used.
        static let directory = URL(filePath: #filePath)
            .deletingLastPathComponent()
            .appending(path: "../../../Fixtures/junit")
            .standardizedFileURL

        static func url(_ name: String) -> URL {
            directory.appending(path: name)
        }

        static func hostileOutputs() throws -> [HostileOutput] {
            try JSONDecoder().decode([HostileOutput].self, from: Data(contentsOf: url("hostile-outputs.json")))
        }
    }

    fileprivate func temporaryDirectory() throws -> URL {
        let directory = scratch.appending(path: UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    fileprivate func writeToTemporaryFile(_ report: JUnitReport) throws -> URL {
        let file = try temporaryDirectory().appending(path: "junit.xml")
        try report.write(to: file)
        return file
    }

    /// Runs `xmllint --noout --schema junit-10.xsd file`; fails the test, not skips it, when xmllint is missing.
    fileprivate func xmllint(_ file: URL) async throws -> (status: Int32, output: String) {
        let schema = Fixtures.url("junit-10.xsd")
        try #require(FileManager.default.fileExists(atPath: schema.path), "schema missing at \(schema.path)")
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let executable = searchPath.split(separator: ":")
            .map { URL(filePath: String($0)).appending(path: "xmllint") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        let xmllint = try #require(
            executable,
            "xmllint not found on PATH; install it with `apt-get install -y libxml2-utils` (CI installs it)"
        )
        let process = Process()
        process.executableURL = xmllint
        process.arguments = ["--noout", "--schema", schema.path, file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Waited for off the test's threads: a blocking wait starves the tests running beside this one.
        let result = await EvalctlProcess.collect(process, out, err)
        return (result.status, result.stdout + result.stderr)
    }

    fileprivate func expectSchemaValid(_ file: URL, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = try await xmllint(file)
        #expect(result.status == 0, "xmllint rejected \(file.path):\n\(result.output.prefix(2000))", sourceLocation: sourceLocation)
    }
}
