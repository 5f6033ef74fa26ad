import Foundation

/// `json_schema`: the output is JSON that conforms to a JSON Schema (draft 2020-12) file of the eval set.
///
/// ```yaml
/// - {type: json_schema, schema: schemas/answer.json}                  # the whole output must be the JSON
/// - {type: json_schema, schema: schemas/answer.json, extract: fenced}  # the first ```json block
/// ```
/// `extract` is `strict` (default), `first_object` (the first balanced object or array in the text) or `fenced`.
/// Output with no JSON (or JSON nested deeper than `JSONParser.maximumDepth`) scores 0 and says so; conforming JSON
/// scores 1; otherwise 0 with the first errors as reason. An output that cannot be validated at all throws.
public struct JSONSchemaScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let schema: JSONSchema
    public let extraction: JSONExtraction
    /// How the schema is named in reasons (its path as the eval set wrote it).
    public let schemaName: String

    /// How many errors a reason lists before summarizing the rest.
    static let errorsInReason = 3

    public init(name: String = "json_schema", schema: JSONSchema, schemaName: String, extraction: JSONExtraction = .strict,
                threshold: Double = 1) {
        self.name = name
        self.schema = schema
        self.schemaName = schemaName
        self.extraction = extraction
        self.threshold = threshold
    }

    /// Builds the scorer from its eval set entry; `schema` is read relative to `evalSetDirectory`.
    public init(spec: ScorerSpec, evalSetDirectory: URL) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["schema", "extract"])
        guard let path = try options.string("schema") else { throw spec.problem("missing 'schema' (a JSON Schema file, relative to the eval set)") }
        let extractName = try options.string("extract") ?? JSONExtraction.strict.rawValue
        guard let extraction = JSONExtraction(rawValue: extractName) else {
            let known = JSONExtraction.allCases.map(\.rawValue).joined(separator: ", ")
            throw spec.problem("unknown 'extract' value '\(extractName)' (expected one of: \(known))")
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : evalSetDirectory.appendingPathComponent(path)
        let schema: JSONSchema
        do {
            schema = try JSONSchema(contentsOf: url)
        } catch {
            throw spec.problem("schema '\(path)': \(JSONSchemaScorer.problemText(error, path: url.path))")
        }
        self.init(name: options.name, schema: schema, schemaName: path, extraction: extraction,
                  threshold: try options.threshold(default: 1))
    }

    /// Throws when the output cannot be scored (`SchemaEvaluationError`: the case is an error, not a failure), and
    /// `CancellationError` when the task is cancelled part-way.
    public func score(_ input: ScoringInput) async throws -> Score {
        let instance: JSONValue
        switch try extraction.extract(from: input.output) {
        case .success(let value):
            instance = value
        case .failure(let failure):
            return Score(scorer: name, value: 0, threshold: threshold, reason: failure.description)
        }
        let result: SchemaValidationResult
        do {
            result = try schema.validate(instance)
        } catch {
            if error == .cancelled { throw CancellationError() }
            throw error
        }
        guard !result.isValid else {
            return Score(scorer: name, value: 1, threshold: threshold, reason: "conforms to \(schemaName)")
        }
        let shown = result.errors.prefix(JSONSchemaScorer.errorsInReason).map(\.description)
        let more = result.errors.count > shown.count ? "; and \(result.errors.count - shown.count) more" : ""
        return Score(scorer: name, value: 0, threshold: threshold,
                     reason: "does not conform to \(schemaName): \(shown.joined(separator: "; "))\(more)")
    }

    /// A schema error without the file path the scorer entry already names.
    private static func problemText(_ error: SchemaError, path: String) -> String {
        switch error {
        case .unreadableFile(_, let reason): "cannot be read: \(reason)"
        case .notJSON(_, let reason): "is not JSON: \(reason)"
        default: error.description
        }
    }
}
