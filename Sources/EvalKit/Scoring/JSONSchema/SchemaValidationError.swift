/// One reason an instance does not conform: where in the instance, which keyword along which schema path, and why.
///
/// ```
/// /items/2/price: must be >= 0, got -3 (schema /properties/items/items/$ref/minimum)
/// ```
/// Encodes with the snake_case keys `evalctl schema validate --format json` prints.
public struct SchemaValidationError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// JSON Pointer to the offending value in the instance (`""` is the whole instance).
    public let instanceLocation: String
    /// JSON Pointer along the keywords evaluated to get here, `$ref`s included (`/properties/a/$ref/type`).
    public let keywordLocation: String
    /// The keyword's absolute URI with a pointer fragment, where `$ref`s led (`https://x/schema#/$defs/a/type`).
    public let absoluteKeywordLocation: String
    /// The keyword that failed (`type`, `required`, `false` for a false schema).
    public let keyword: String
    /// What is wrong, for a person.
    public let message: String

    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String, keyword: String, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case instanceLocation = "instance_path"
        case keywordLocation = "schema_path"
        case absoluteKeywordLocation = "absolute_schema_path"
        case keyword
        case message
    }

    /// `where: message (schema path)`, with `(root)` for the whole instance.
    public var description: String {
        "\(instanceLocation.isEmpty ? "(root)" : instanceLocation): \(message) (schema \(keywordLocation.isEmpty ? "(root)" : keywordLocation))"
    }
}
