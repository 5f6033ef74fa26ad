/// A two-sided interval estimate, e.g. the bootstrap range of a metric's mean or of a paired difference.
///
/// A gate reads `difference.upper < 0` as "the candidate is worse with this confidence"; reports print both ends.
public struct ConfidenceInterval: Sendable, Hashable, Codable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public var width: Double { upper - lower }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
