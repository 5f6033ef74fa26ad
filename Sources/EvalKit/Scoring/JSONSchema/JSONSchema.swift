import Foundation

/// A compiled JSON Schema (draft 2020-12), ready to validate any number of instances.
///
/// Build one from a parsed schema or a file; it is checked against its metaschema, every `$ref` is resolved and
/// every pattern compiled up front, so a schema that builds never fails later for its own sake:
///
/// ```swift
/// let schema = try JSONSchema(contentsOf: URL(fileURLWithPath: "schemas/answer.json"))
/// let result = try schema.validate(try JSONParser.parse(Data(output.utf8)))
/// if !result.isValid { print(result.errors.map(\.description)) }
/// ```
///
/// References to other documents resolve through a `SchemaRegistry` (the 2020-12 metaschemas are built in);
/// nothing is fetched from the network. `format` is an annotation unless the metaschema enables format assertion.
public struct JSONSchema: Sendable {
    /// What relative references resolve against: the file URL of a schema file, else the `retrievalURI` given (empty by default).
    public let retrievalURI: String
    private let program: SchemaProgram
    /// Whether a yes/no check may answer for a valid instance (see `SchemaEvaluator.isValid`).
    private let quickCheck: Bool

    /// Compiles `schema`, resolving relative references against `retrievalURI`.
    /// - Parameters:
    ///   - validatesSchema: check the schema against its metaschema first (turn off only for trusted input).
    ///   - assertsFormat: check `format` (dates, e-mail addresses, URIs…) instead of treating it as an annotation.
    public init(_ schema: JSONValue, retrievalURI: String = "", registry: SchemaRegistry = .standard,
                validatesSchema: Bool = true, assertsFormat: Bool = false) throws(SchemaError) {
        if validatesSchema { try JSONSchema.checkAgainstMetaschema(schema, registry: registry) }
        self.retrievalURI = retrievalURI
        program = try SchemaCompiler.compile(schema, retrievalURI: retrievalURI, registry: registry, assertsFormat: assertsFormat)
        quickCheck = program.quickCheckApplies
    }

    /// Reads, parses and compiles a schema file; its `file:` URL is the base for relative references.
    public init(contentsOf url: URL, registry: SchemaRegistry = SchemaRegistry.standard.readingLocalFiles(),
                assertsFormat: Bool = false) throws(SchemaError) {
        let document = try SchemaRegistry.readDocument(at: url)
        try self.init(document, retrievalURI: url.standardizedFileURL.absoluteString, registry: registry, assertsFormat: assertsFormat)
    }

    /// Validates one instance, reporting every error found. Throws when the instance cannot be validated at all: it
    /// nests too deeply under a recursive schema, or the current task is cancelled.
    public func validate(_ instance: JSONValue) throws(SchemaEvaluationError) -> SchemaValidationResult {
        let evaluator = SchemaEvaluator(program: program)
        // Valid instances need no errors: the yes/no check is the whole answer. Anything else is evaluated in full.
        if quickCheck, evaluator.isValid(instance) == true { return SchemaValidationResult(errors: []) }
        return try evaluator.validate(instance)
    }

    /// The verdict of the yes/no check alone (nil when it does not apply or cannot decide), for tests that hold it to
    /// the full evaluation.
    func quickVerdict(_ instance: JSONValue) -> Bool? {
        quickCheck ? SchemaEvaluator(program: program).isValid(instance) : nil
    }

    private init(program: SchemaProgram, retrievalURI: String) {
        self.program = program
        self.retrievalURI = retrievalURI
        quickCheck = program.quickCheckApplies
    }

    /// The draft 2020-12 metaschema, compiled once.
    static let standardMetaschema = Result { () throws(SchemaError) -> JSONSchema in
        try metaschema(at: Metaschema2020_12.uri, registry: .standard)
    }

    /// The registered metaschema at `uri`, compiled without checking it against its own metaschema.
    private static func metaschema(at uri: String, registry: SchemaRegistry) throws(SchemaError) -> JSONSchema {
        guard let document = try registry.document(at: uri) else { throw .unsupportedDialect(metaschema: uri) }
        return JSONSchema(program: try SchemaCompiler.compile(document, retrievalURI: uri, registry: registry), retrievalURI: uri)
    }

    /// Throws `invalidAgainstMetaschema` unless `schema` conforms to the metaschema its `$schema` names (2020-12 by
    /// default).
    static func checkAgainstMetaschema(_ schema: JSONValue, registry: SchemaRegistry) throws(SchemaError) {
        let uri = schema["$schema"]?.stringValue.map(SchemaURI.withoutFragment) ?? Metaschema2020_12.uri
        let metaschema: JSONSchema
        if uri == Metaschema2020_12.uri {
            metaschema = try standardMetaschema.get()
        } else {
            metaschema = try JSONSchema.metaschema(at: uri, registry: registry)
        }
        let result: SchemaValidationResult
        do {
            result = try metaschema.validate(schema)
        } catch {
            throw .uncheckable(error)
        }
        if !result.isValid { throw .invalidAgainstMetaschema(metaschema: uri, errors: result.errors) }
    }
}
