/// A rule of an eval set's `flag:` block: when it fires for a result, the result goes to the review queue with a
/// short reason (`ResultRecord.flags`). A flag never changes a score or a status.
///
/// ```yaml
/// flag:
///   - {scorer: judge, when: failed}        # failed, passed, errored, or `score|spread|median <op> <number>`
///   - {scorer: judge, when: spread > 1}
///   - refusal: true                        # the output reads as a refusal (not when the case expects one)
///   - judge_error: true                    # a judge scorer could not score
///   - output_longer_than: 4000             # characters; or `3x expected`: 3 times the expected answer's length
/// ```
public struct FlagRule: Sendable, Hashable {
    public enum Condition: Sendable, Hashable {
        case scorer(String, ScorerCondition)
        case refusal
        case judgeError
        case outputLongerThan(OutputLength)
    }

    /// What about a scorer's result fires the rule.
    public enum ScorerCondition: Sendable, Hashable {
        case failed, passed, errored
        /// `score`, or a number the scorer keeps in its details (a judge's `spread`, `median`), against a number.
        case compare(field: String, ComparisonOperator, Double)
    }

    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!=", less = "<", greater = ">"

        public func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .less: left < right
            case .lessOrEqual: left <= right
            case .greater: left > right
            case .greaterOrEqual: left >= right
            case .equal: left == right
            case .notEqual: left != right
            }
        }
    }

    public enum OutputLength: Sendable, Hashable {
        /// More than this many characters.
        case characters(Int)
        /// More than this many times the length of the case's expected answer (the longest, for a list).
        case timesExpected(Double)
    }

    public let condition: Condition
    public let file: String
    public let line: Int

    public init(_ condition: Condition, file: String = "", line: Int = 0) {
        self.condition = condition
        self.file = file
        self.line = line
    }
}
