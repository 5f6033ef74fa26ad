import Foundation

/// A name that points at a run, such as `main` or `release-42`: the baseline a gate compares against.
public struct RunTag: Sendable, Hashable {
    public var name: String
    public var runID: Int64
    public var taggedAt: Date

    /// Checks a tag name: letters, digits, `.`, `_`, `/`, `-`; not a number (that is a run id) and not `latest`.
    public static func checkName(_ name: String) throws(StoreError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._/-".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, allowed, name.first.map({ $0.isLetter || $0.isNumber }) == true else {
            throw StoreError.invalidTagName(name, reason: "use letters, digits, '.', '_', '/' and '-', starting with a letter or digit")
        }
        if Int64(name) != nil { throw StoreError.invalidTagName(name, reason: "a number would read as a run id") }
        if name == "latest" { throw StoreError.invalidTagName(name, reason: "'latest' always means the newest run") }
    }
}
