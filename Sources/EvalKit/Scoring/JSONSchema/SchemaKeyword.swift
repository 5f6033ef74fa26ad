/// One compiled keyword of a schema object, its subschemas replaced by node numbers in the `SchemaProgram`.
enum SchemaKeyword: Sendable {
    case ref(Int)
    /// The initially resolved node, and the `$dynamicAnchor` name when the reference is dynamic at all.
    case dynamicRef(Int, dynamicAnchor: String?)

    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case dependentSchemas([String: Int])
    case prefixItems([Int])
    /// `items` applies to the elements after the `prefixItems`.
    case items(Int, firstIndex: Int)
    case contains(Int, minimum: Int, maximum: Int?)
    case properties([String: Int])
    case patternProperties([PatternSubschema])
    /// `additionalProperties` applies to names neither `properties` nor `patternProperties` of the same object cover.
    case additionalProperties(Int, declared: Set<String>, patterns: [SchemaPattern])
    case propertyNames(Int)
    case unevaluatedItems(Int)
    case unevaluatedProperties(Int)

    case type([SchemaType])
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(Double)
    case maximum(Double)
    case exclusiveMaximum(Double)
    case minimum(Double)
    case exclusiveMinimum(Double)
    case maxLength(Int)
    case minLength(Int)
    case pattern(SchemaPattern)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([String: [String]])
    case format(String)

    /// The keyword as written in the schema, the last token of an error's schema path.
    var name: String {
        switch self {
        case .ref: "$ref"
        case .dynamicRef: "$dynamicRef"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .dependentSchemas: "dependentSchemas"
        case .prefixItems: "prefixItems"
        case .items: "items"
        case .contains: "contains"
        case .properties: "properties"
        case .patternProperties: "patternProperties"
        case .additionalProperties: "additionalProperties"
        case .propertyNames: "propertyNames"
        case .unevaluatedItems: "unevaluatedItems"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .type: "type"
        case .enumeration: "enum"
        case .constant: "const"
        case .multipleOf: "multipleOf"
        case .maximum: "maximum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .minimum: "minimum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .maxLength: "maxLength"
        case .minLength: "minLength"
        case .pattern: "pattern"
        case .maxItems: "maxItems"
        case .minItems: "minItems"
        case .uniqueItems: "uniqueItems"
        case .maxProperties: "maxProperties"
        case .minProperties: "minProperties"
        case .required: "required"
        case .dependentRequired: "dependentRequired"
        case .format: "format"
        }
    }
}

/// A `patternProperties` entry.
struct PatternSubschema: Sendable {
    let pattern: SchemaPattern
    let node: Int
}
