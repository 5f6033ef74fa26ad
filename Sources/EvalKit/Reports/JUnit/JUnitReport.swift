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
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites")
        xml.attribute("name", name)
        xml.attribute("tests", String(tests))
        xml.attribute("failures", String(failures))
        xml.attribute("errors", String(errors))
        xml.attribute("time", JUnitXMLBuilder.seconds(time))
        if suites.isEmpty {
            xml.raw("/>\n")
            return xml.bytes
        }
        xml.raw(">\n")
        for suite in suites {
            xml.append(suite)
        }
        xml.raw("</testsuites>\n")
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

/// Appends the document's pieces to a UTF-8 buffer; every string that is not a literal goes through ``XMLText``.
private struct JUnitXMLBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    mutating func raw(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func attribute(_ name: StaticString, _ value: String) {
        raw(" ")
        raw(name)
        raw("=\"")
        XMLText.appendAttribute(value, to: &bytes)
        raw("\"")
    }

    mutating func text(_ value: String) {
        XMLText.appendText(value, to: &bytes)
    }

    /// Children in the order the schema's readers expect: properties, test cases. The schema has no `disabled`
    /// attribute, so none is written.
    mutating func append(_ suite: JUnitSuite) {
        raw("  <testsuite")
        attribute("name", suite.name)
        attribute("tests", String(suite.tests))
        attribute("failures", String(suite.failures))
        attribute("errors", String(suite.errors))
        attribute("skipped", String(suite.skipped))
        attribute("time", Self.seconds(suite.time))
        attribute("timestamp", Self.timestamp(suite.timestamp))
        attribute("hostname", suite.hostname)
        attribute("id", String(suite.id))
        if suite.properties.isEmpty && suite.testCases.isEmpty {
            raw("/>\n")
            return
        }
        raw(">\n")
        if !suite.properties.isEmpty {
            raw("    <properties>\n")
            for property in suite.properties {
                raw("      <property")
                attribute("name", property.name)
                attribute("value", property.value)
                raw("/>\n")
            }
            raw("    </properties>\n")
        }
        for testCase in suite.testCases {
            append(testCase)
        }
        raw("  </testsuite>\n")
    }

    /// The failure or error comes before `<system-out>`, as the schema's readers expect.
    mutating func append(_ testCase: JUnitTestCase) {
        raw("    <testcase")
        attribute("name", testCase.name)
        attribute("classname", testCase.classname)
        attribute("time", Self.seconds(testCase.time))
        let problem = testCase.outcome.problem
        if problem == nil && testCase.systemOut == nil {
            raw("/>\n")
            return
        }
        raw(">\n")
        if let problem {
            raw("      <")
            raw(problem.element)
            attribute("message", problem.message)
            attribute("type", problem.type)
            raw(">")
            text(problem.details)
            raw("</")
            raw(problem.element)
            raw(">\n")
        }
        if let systemOut = testCase.systemOut {
            raw("      <system-out>")
            text(systemOut)
            raw("</system-out>\n")
        }
        raw("    </testcase>\n")
    }

    /// Seconds with three decimals, e.g. `12.500`. The schema's time pattern allows no sign, NaN or
    /// exponent, so negative and non-finite durations are written as `0.000`.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        // Capped well below Int.max so the conversion cannot trap; 10^15 s is ~30 million years.
        let millis = Int((min(value, 1e15) * 1000).rounded())
        let fraction = millis % 1000
        let padding = fraction < 10 ? "00" : fraction < 100 ? "0" : ""
        return "\(millis / 1000).\(padding)\(fraction)"
    }

    /// `2026-11-24T23:50:00`: ISO 8601 in UTC without a zone designator, as JUnit writers emit it.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
            + "T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))"
    }
}
