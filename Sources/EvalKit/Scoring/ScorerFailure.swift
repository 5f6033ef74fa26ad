import Foundation

/// Why a scorer could not score one output (the case becomes an error, never a failure).
public struct ScorerFailure: Error, Sendable, Hashable, DescribedError {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
