/// Runs a `SchemaProgram` against an instance: each keyword of each node reached, collecting errors and the
/// annotations the `unevaluated*` keywords depend on.
///
/// Every applicable keyword is evaluated (no short-circuit), so errors are complete and `anyOf` branches all
/// contribute their annotations, as draft 2020-12 requires.
struct SchemaEvaluator {
    let program: SchemaProgram

    func validate(_ instance: JSONValue) -> SchemaValidationResult {
        SchemaValidationResult(errors: evaluate(program.root, instance, SchemaEvaluationContext()).errors)
    }

    /// Evaluates node `number` against `instance` at `context`; a failed node's annotations are dropped.
    func evaluate(_ number: Int, _ instance: JSONValue, _ context: SchemaEvaluationContext) -> SchemaEvaluation {
        let node = program.nodes[number]
        var context = context
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
                apply(keyword, of: node, to: instance, context, into: &result)
            }
            result.dropAnnotationsIfInvalid()
            return result
        }
    }

    private func apply(_ keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue, _ context: SchemaEvaluationContext,
                       into result: inout SchemaEvaluation) {
        let failure = SchemaFailureReporter(node: node, keyword: keyword.name, context: context)
        switch keyword {
        case .ref(let target):
            follow(target, keyword: "$ref", instance, context, failure, into: &result)
        case .dynamicRef(let initial, let anchor):
            follow(dynamicTarget(initial, anchor: anchor, scope: context.scope), keyword: "$dynamicRef", instance, context, failure, into: &result)
        case .allOf, .anyOf, .oneOf, .not, .conditional, .dependentSchemas:
            applyInPlace(keyword, to: instance, context, failure, into: &result)
        case .prefixItems, .items, .contains, .unevaluatedItems:
            guard case .array(let items) = instance else { return }
            applyToItems(keyword, items, context, failure, into: &result)
        case .properties, .patternProperties, .additionalProperties, .propertyNames, .unevaluatedProperties:
            guard case .object(let members) = instance else { return }
            applyToProperties(keyword, members, context, failure, into: &result)
        default:
            if let message = assertionFailure(keyword, instance) {
                result.errors.append(failure.error(message))
            }
        }
    }

    /// Follows a reference in place; a loop that never moves into the instance fails instead of recursing forever.
    private func follow(_ target: Int, keyword: String, _ instance: JSONValue, _ context: SchemaEvaluationContext,
                        _ failure: SchemaFailureReporter, into result: inout SchemaEvaluation) {
        let visit = SchemaEvaluationContext.ActiveReference(node: target, instanceDepth: context.instancePath.tokens.count)
        guard !context.activeReferences.contains(visit) else {
            result.errors.append(failure.error("the schema refers back to itself without moving into the instance (infinite recursion)"))
            return
        }
        var inner = context.descending(keyword: keyword)
        inner.activeReferences.insert(visit)
        result.merge(evaluate(target, instance, inner))
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
