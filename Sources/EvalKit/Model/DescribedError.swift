import Foundation

/// An error whose `description` is the message a user acts on (file, line, what was expected). Conforming makes it a
/// `LocalizedError` with that message, so Foundation and ArgumentParser show the same text evalctl prints.
public protocol DescribedError: LocalizedError, CustomStringConvertible {}

extension DescribedError {
    public var errorDescription: String? { description }
}
