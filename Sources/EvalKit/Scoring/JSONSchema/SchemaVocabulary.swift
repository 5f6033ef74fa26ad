/// The draft 2020-12 vocabularies: which groups of keywords a schema's dialect gives meaning to.
///
/// A metaschema's `$vocabulary` picks some of them; a keyword of a vocabulary the dialect lacks is ignored like an
/// unknown keyword (the suite's `metaschema-no-validation.json` turns `minimum` off this way).
enum SchemaVocabulary: String, Sendable, CaseIterable {
    case core = "https://json-schema.org/draft/2020-12/vocab/core"
    case applicator = "https://json-schema.org/draft/2020-12/vocab/applicator"
    case unevaluated = "https://json-schema.org/draft/2020-12/vocab/unevaluated"
    case validation = "https://json-schema.org/draft/2020-12/vocab/validation"
    case metaData = "https://json-schema.org/draft/2020-12/vocab/meta-data"
    case formatAnnotation = "https://json-schema.org/draft/2020-12/vocab/format-annotation"
    case formatAssertion = "https://json-schema.org/draft/2020-12/vocab/format-assertion"
    case content = "https://json-schema.org/draft/2020-12/vocab/content"
}
