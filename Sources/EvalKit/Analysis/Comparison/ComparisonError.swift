import Foundation

/// Two runs that cannot be compared; `evalctl compare` and `gate` exit 2 with these reasons.
public struct ComparisonError: Error, Sendable, DescribedError {
    public let reasons: [String]

    public var description: String {
        "the runs cannot be compared: " + reasons.joined(separator: "; ")
    }
}
