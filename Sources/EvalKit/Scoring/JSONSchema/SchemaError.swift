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
    /// References and in-place applicators form a cycle that never moves into the instance, so validating any
    /// instance that reaches it would never end: the schema locations along the cycle, the first repeated last.
    case inPlaceCycle([String])
    /// Subschemas and references lead one into another more than `limit` deep from the root (`location` is where).
    case tooDeeplyNested(location: String, limit: Int)
    /// The schema could not be checked against its metaschema (it nests too deeply for the validator).
    case uncheckable(SchemaEvaluationError)

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
        case .inPlaceCycle(let locations):
            return "schema location \(locations.first ?? "#"): the schema refers back to itself without moving into the instance, "
                + "so validation would never end: \(locations.joined(separator: " → ")) (a cycle of $ref, $dynamicRef, allOf, "
                + "anyOf, oneOf, not, if/then/else or dependentSchemas must pass through properties, items or another keyword "
                + "that steps into the instance)"
        case .tooDeeplyNested(let location, let limit):
            return "schema location \(location): subschemas and references nest more than \(limit) deep"
        case .uncheckable(let reason):
            return "the schema cannot be checked against its metaschema: \(reason.description)"
        }
    }

    public var errorDescription: String? { description }
}
