/// A `<testcase>`: one eval case, with its outcome and (optionally) what the model answered.
///
/// ```swift
/// JUnitTestCase(classname: "qa-basic.llama-3-8b", name: "capital-of-france", time: 0.82,
///               outcome: .failed(message: "expected Paris", type: "exact-match", details: diff),
///               systemOut: modelOutput)
/// ```
public struct JUnitTestCase: Sendable, Hashable {
    /// Groups cases in CI views; evalctl uses the eval set and model.
    public var classname: String
    public var name: String
    /// Duration in seconds, written with three decimals.
    public var time: Double
    public var outcome: Outcome
    /// Written as `<system-out>` when not nil: the model's raw output, whatever it contains.
    public var systemOut: String?

    public init(classname: String, name: String, time: Double, outcome: Outcome = .passed, systemOut: String? = nil) {
        self.classname = classname
        self.name = name
        self.time = time
        self.outcome = outcome
        self.systemOut = systemOut
    }

    /// How a case ended. A failure is a wrong answer (a scorer said no); an error means no verdict
    /// could be reached (the backend failed, the output could not be scored).
    public enum Outcome: Sendable, Hashable {
        case passed
        /// Written as `<failure message="…" type="…">details</failure>`.
        case failed(message: String, type: String, details: String)
        /// Written as `<error message="…" type="…">details</error>`.
        case errored(message: String, type: String, details: String)
        /// Never run (the run stopped at its cost budget): `<skipped message="…" type="…"/>`.
        case skipped(message: String, type: String)

        /// The element a failure or error is written as, and its contents; nil when the case passed.
        var problem: (element: StaticString, message: String, type: String, details: String)? {
            switch self {
            case .passed: nil
            case .failed(let message, let type, let details): ("failure", message, type, details)
            case .errored(let message, let type, let details): ("error", message, type, details)
            case .skipped(let message, let type): ("skipped", message, type, "")
            }
        }
    }
}
