import Foundation

/// A `<testsuite>`: typically one eval set run against one model.
///
/// The counts (`tests`, `failures`, `errors`) are derived from ``testCases``, so they cannot disagree.
public struct JUnitSuite: Sendable, Hashable {
    public var name: String
    /// The suite's position in the report, by convention 0, 1, 2, …
    public var id: Int
    /// When the suite started; written in UTC as `2026-11-24T23:50:00` (ISO 8601 without a zone).
    public var timestamp: Date
    public var hostname: String
    /// Wall-clock duration in seconds, written with three decimals.
    public var time: Double
    /// Run settings worth seeing next to the results (model, prompt version, seed), in this order.
    public var properties: [JUnitProperty]
    public var testCases: [JUnitTestCase]

    public init(
        name: String,
        id: Int,
        timestamp: Date,
        hostname: String,
        time: Double,
        properties: [JUnitProperty] = [],
        testCases: [JUnitTestCase] = []
    ) {
        self.name = name
        self.id = id
        self.timestamp = timestamp
        self.hostname = hostname
        self.time = time
        self.properties = properties
        self.testCases = testCases
    }

    /// Number of test cases.
    public var tests: Int { testCases.count }
    /// Number of test cases whose outcome is ``JUnitTestCase/Outcome/failed(message:type:details:)``.
    public var failures: Int {
        testCases.count(where: { if case .failed = $0.outcome { true } else { false } })
    }
    /// Number of test cases whose outcome is ``JUnitTestCase/Outcome/errored(message:type:details:)``.
    public var errors: Int {
        testCases.count(where: { if case .errored = $0.outcome { true } else { false } })
    }
    /// Number of test cases whose outcome is ``JUnitTestCase/Outcome/skipped(message:type:)``.
    public var skipped: Int {
        testCases.count(where: { if case .skipped = $0.outcome { true } else { false } })
    }
}

/// A `<property name="…" value="…"/>` of a suite.
public struct JUnitProperty: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
