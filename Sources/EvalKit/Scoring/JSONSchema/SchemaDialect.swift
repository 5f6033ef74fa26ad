/// The set of vocabularies in force for a schema resource, read from the `$vocabulary` of its metaschema.
struct SchemaDialect: Sendable, Hashable {
    let vocabularies: Set<SchemaVocabulary>

    /// The standard 2020-12 dialect: every vocabulary, with `format` as an annotation.
    static let standard = SchemaDialect(vocabularies: Set(SchemaVocabulary.allCases).subtracting([.formatAssertion]))
}
