/// Runs a `SchemaProgram` against an instance: each keyword of each node reached, collecting errors and the
/// annotations the `unevaluated*` keywords depend on.
///
/// Every applicable keyword is evaluated (no short-circuit), so errors are complete and `anyOf` branches all
/// contribute their annotations, as draft 2020-12 requires.
///
/// The compiler rejects schemas that loop without moving into the instance, so evaluation always ends; it is still
/// bounded in depth (the stack) and stops when its task is cancelled, both by throwing `SchemaEvaluationError`.
struct SchemaEvaluator {
    /// How many subschemas may be evaluated one inside another: each `$ref`, in-place applicator and step into the
    /// instance is a level (a recursive schema takes about two per level of the instance). Well within the stack
    /// of a debug build on a cooperative thread (about 4 KB a level).
    static let maximumDepth = 1_000

    let program: SchemaProgram

    func validate(_ instance: JSONValue) throws(SchemaEvaluationError) -> SchemaValidationResult {
        SchemaValidationResult(errors: try evaluate(program.root, instance, SchemaEvaluationContext()).errors)
    }

    /// Evaluates node `number` against `instance` at `context`; a failed node's annotations are dropped.
    func evaluate(_ number: Int, _ instance: JSONValue, _ context: SchemaEvaluationContext) throws(SchemaEvaluationError) -> SchemaEvaluation {
        guard context.depth < SchemaEvaluator.maximumDepth else {
            throw .tooDeep(limit: SchemaEvaluator.maximumDepth, instanceLocation: context.instancePath.description,
                           keywordLocation: context.keywordPath.description)
        }
        if Task.isCancelled { throw .cancelled }
        let node = program.nodes[number]
        var context = context
        context.depth += 1
        if context.scope.last != node.resource { context.scope.append(node.resource) }
        switch node.body {
        case .constant(true):
            return SchemaEvaluation()
        case .constant(false):
            var result = SchemaEvaluation()
            result.errors.append(SchemaValidationError(
                instanceLocation: context.instancePath.description, keywordLocation: context.keywordPath.description,
                absoluteKeywordLocation: node.absoluteLocation, keyword: "false", message: "no value is allowed here (the schema is false)"))
            return result
        case .keywords(let keywords):
            var result = SchemaEvaluation()
            for keyword in keywords {
                try apply(keyword, of: node, to: instance, context, into: &result)
            }
            result.dropAnnotationsIfInvalid()
            return result
        }
    }

    private func apply(_ keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue, _ context: SchemaEvaluationContext,
                       into result: inout SchemaEvaluation) throws(SchemaEvaluationError) {
        let failure = SchemaFailureReporter(node: node, keyword: keyword.name, context: context)
        switch keyword {
        case .ref(let target):
            try follow(target, keyword: "$ref", instance, context, into: &result)
        case .dynamicRef(let initial, let anchor):
            try follow(dynamicTarget(initial, anchor: anchor, scope: context.scope), keyword: "$dynamicRef", instance, context, into: &result)
        case .allOf, .anyOf, .oneOf, .not, .conditional, .dependentSchemas:
            try applyInPlace(keyword, to: instance, context, failure, into: &result)
        case .prefixItems, .items, .contains, .unevaluatedItems:
            guard case .array(let items) = instance else { return }
            try applyToItems(keyword, items, context, failure, into: &result)
        case .properties, .patternProperties, .additionalProperties, .propertyNames, .unevaluatedProperties:
            guard case .object(let members) = instance else { return }
            try applyToProperties(keyword, members, context, failure, into: &result)
        default:
            if let message = assertionFailure(keyword, instance) {
                result.errors.append(failure.error(message))
            }
        }
    }

    /// Follows a reference in place (the compiler has made sure references cannot loop there).
    private func follow(_ target: Int, keyword: String, _ instance: JSONValue, _ context: SchemaEvaluationContext,
                        into result: inout SchemaEvaluation) throws(SchemaEvaluationError) {
        result.merge(try evaluate(target, instance, context.descending(keyword: keyword)))
    }

    /// Where a `$dynamicRef` leads: for a dynamic anchor, the outermost resource in scope that defines it.
    private func dynamicTarget(_ initial: Int, anchor: String?, scope: [Int]) -> Int {
        guard let anchor else { return initial }
        for resource in scope {
            if let target = program.dynamicAnchors[resource][anchor] { return target }
        }
        return initial
    }
}
