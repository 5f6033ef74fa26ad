import Foundation

/// Appends the document's pieces to a UTF-8 buffer; every string that is not a literal goes through ``XMLText``.
struct JUnitXMLBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    /// Empties the buffer once its bytes are written out, keeping its capacity for the next ones.
    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
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

    /// The XML declaration and the `<testsuites>` root; returns false when the root was closed at once (no suites).
    mutating func openDocument(name: String, tests: Int, failures: Int, errors: Int, time: Double, empty: Bool) -> Bool {
        raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites")
        attribute("name", name)
        attribute("tests", String(tests))
        attribute("failures", String(failures))
        attribute("errors", String(errors))
        attribute("time", Self.seconds(time))
        raw(empty ? "/>\n" : ">\n")
        return !empty
    }

    mutating func closeDocument() {
        raw("</testsuites>\n")
    }

    mutating func append(_ suite: JUnitSuite) {
        guard openSuite(suite, tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped) else { return }
        for testCase in suite.testCases {
            append(testCase)
        }
        closeSuite()
    }

    /// A `<testsuite>` start and its properties, with counts given (a suite written page by page has no test cases in
    /// memory); returns false when the element was closed at once (no properties, no test cases). Children come in the
    /// order the schema's readers expect: properties, test cases. The schema has no `disabled` attribute, so none is
    /// written.
    mutating func openSuite(_ suite: JUnitSuite, tests: Int, failures: Int, errors: Int, skipped: Int) -> Bool {
        raw("  <testsuite")
        attribute("name", suite.name)
        attribute("tests", String(tests))
        attribute("failures", String(failures))
        attribute("errors", String(errors))
        attribute("skipped", String(skipped))
        attribute("time", Self.seconds(suite.time))
        attribute("timestamp", Self.timestamp(suite.timestamp))
        attribute("hostname", suite.hostname)
        attribute("id", String(suite.id))
        if suite.properties.isEmpty && tests == 0 {
            raw("/>\n")
            return false
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
        return true
    }

    mutating func closeSuite() {
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
