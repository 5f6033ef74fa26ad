import Foundation

/// Why a schema cannot be used: it could not be read, is not JSON, breaks its metaschema, or names something that
/// cannot be resolved. Each message names the place in the schema to fix.
public enum SchemaError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// A schema file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A schema file is not JSON.
    case notJSON(path: String, reason: String)
    /// The schema does not conform to its metaschema.
    case invalidAgainstMetaschema(metaschema: String, errors: [SchemaValidationError])
    /// A keyword's value cannot be used (a pattern that does not compile, a count that is not an integer…).
    case invalidKeyword(location: String, keyword: String, reason: String)
    /// A `$ref` or `$dynamicRef` names a document, anchor or pointer that is not available; `resolved` is the
    /// reference made absolute against the schema's base URI.
    case unresolvableReference(location: String, reference: String, resolved: String)
    /// `$schema` names a metaschema that is not available (evalctl knows draft 2020-12 and registered documents).
    case unsupportedDialect(metaschema: String)
    /// The metaschema requires a vocabulary this validator does not implement.
    case unsupportedVocabulary(metaschema: String, vocabulary: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the schema: \(reason)"
        case .notJSON(let path, let reason):
            return "\(path): not JSON: \(reason)"
        case .invalidAgainstMetaschema(let metaschema, let errors):
            let details = errors.prefix(3).map(\.description).joined(separator: "; ")
            return "the schema does not conform to its metaschema \(metaschema): \(details)"
        case .invalidKeyword(let location, let keyword, let reason):
            return "schema location \(location.isEmpty ? "(root)" : location): '\(keyword)' \(reason)"
        case .unresolvableReference(let location, let reference, let resolved):
            let absolute = resolved == reference ? "" : ", which is \(resolved)"
            return "schema location \(location): cannot resolve '\(reference)'\(absolute): no such document, anchor or pointer"
        case .unsupportedDialect(let metaschema):
            return "'$schema' names \(metaschema), which is not available: evalctl validates draft 2020-12 (\(Metaschema2020_12.uri))"
        case .unsupportedVocabulary(let metaschema, let vocabulary):
            return "metaschema \(metaschema) requires the vocabulary \(vocabulary), which evalctl does not implement"
        }
    }

    public var errorDescription: String? { description }
}
