/// The range a judge scores on.
public enum JudgeScale: String, Sendable, CaseIterable {
    case binary
    case oneToFive = "1-5"
    case zeroToTen = "0-10"

    public var range: ClosedRange<Double> {
        switch self {
        case .binary: 0...1
        case .oneToFive: 1...5
        case .zeroToTen: 0...10
        }
    }

    /// The threshold when the eval set gives none: a clear pass on the scale.
    var defaultThreshold: Double {
        switch self {
        case .binary: 1
        case .oneToFive: 4
        case .zeroToTen: 7
        }
    }

    /// How the judge is told to score.
    var instruction: String {
        switch self {
        case .binary: "Score 1 if the answer meets the rubric and 0 if it does not."
        case .oneToFive: "Score from 1 (fails the rubric) to 5 (fully meets it), as a whole number."
        case .zeroToTen: "Score from 0 (fails the rubric) to 10 (fully meets it), as a whole number."
        }
    }
}
