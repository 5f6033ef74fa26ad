import Foundation

/// A run's results as a JUnit XML file, for CI servers (Jenkins, GitLab, GitHub test reporters).
///
/// Build one from a run, then call ``write(to:)``. The file conforms to the Jenkins JUnit schema
/// (`Tests/Fixtures/junit/junit-10.xsd`) whatever the model produced: text goes through ``XMLText``,
/// which escapes markup and replaces characters XML 1.0 forbids with visible `\u{..}` escapes.
/// Output is deterministic: suites, test cases and properties appear in the order given,
/// attributes in a fixed order.
///
/// ```swift
/// let report = JUnitReport(name: "evalctl run 42", suites: [
///     JUnitSuite(name: "qa-basic", id: 0, timestamp: startedAt, hostname: "ci-7", time: 12.5,
///                properties: [JUnitProperty(name: "model", value: "llama-3-8b")],
///                testCases: [JUnitTestCase(classname: "qa-basic", name: "capital-of-france", time: 0.8)]),
/// ])
/// try report.write(to: URL(filePath: "reports/junit.xml"))
/// ```
public struct JUnitReport: Sendable, Hashable {
    /// The `name` of the `<testsuites>` root element.
    public var name: String
    /// One `<testsuite>` each, in this order.
    public var suites: [JUnitSuite]

    public init(name: String, suites: [JUnitSuite]) {
        self.name = name
        self.suites = suites
    }

    /// Number of test cases in all suites.
    public var tests: Int { suites.reduce(0) { $0 + $1.tests } }
    /// Number of failed test cases in all suites.
    public var failures: Int { suites.reduce(0) { $0 + $1.failures } }
    /// Number of errored test cases in all suites.
    public var errors: Int { suites.reduce(0) { $0 + $1.errors } }
    /// Sum of the suites' times, in seconds.
    public var time: Double { suites.reduce(0) { $0 + $1.time } }

    /// The whole document, UTF-8, starting with the XML declaration.
    public func xmlString() -> String {
        String(decoding: xmlBytes(), as: UTF8.self)
    }

    /// Writes ``xmlString()`` to `url` atomically (`ReportFile`): through a temporary file renamed over the target,
    /// so a reader (or a crash) never sees half a report. Errors name the path as given, relative or not.
    public func write(to url: URL) throws(ReportFileError) {
        try ReportFile.write(Data(xmlBytes()), to: url.relativePath)
    }

    /// The document as UTF-8 bytes, built directly so that 10,000 cases with large outputs stay fast.
    func xmlBytes() -> [UInt8] {
        var xml = JUnitXMLBuilder()
        xml.reserve(estimatedByteCount)
        guard xml.openDocument(name: name, tests: tests, failures: failures, errors: errors, time: time, empty: suites.isEmpty) else {
            return xml.bytes
        }
        for suite in suites {
            xml.append(suite)
        }
        xml.closeDocument()
        return xml.bytes
    }

    private var estimatedByteCount: Int {
        var total = 256 + name.utf8.count
        for suite in suites {
            total += 256 + suite.name.utf8.count
            for property in suite.properties {
                total += 32 + property.name.utf8.count + property.value.utf8.count
            }
            for testCase in suite.testCases {
                total += 128 + testCase.classname.utf8.count + testCase.name.utf8.count
                total += testCase.systemOut?.utf8.count ?? 0
                if let problem = testCase.outcome.problem {
                    total += 64 + problem.message.utf8.count + problem.type.utf8.count + problem.details.utf8.count
                }
            }
        }
        return total
    }
}
