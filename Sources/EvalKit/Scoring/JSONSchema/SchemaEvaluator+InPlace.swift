/// The applicators that evaluate subschemas against the same instance location: `allOf`, `anyOf`, `oneOf`, `not`,
/// `if`/`then`/`else` and `dependentSchemas`. Their passing subschemas' annotations count for `unevaluated*`.
extension SchemaEvaluator {
    func applyInPlace(_ keyword: SchemaKeyword, to instance: JSONValue, _ context: SchemaEvaluationContext,
                      _ failure: SchemaFailureReporter, into result: inout SchemaEvaluation) throws(SchemaEvaluationError) {
        switch keyword {
        case .allOf(let nodes):
            for (offset, node) in nodes.enumerated() {
                result.merge(try evaluate(node, instance, context.descending(keyword: "allOf", offset)))
            }
        case .anyOf(let nodes):
            let outcomes = try evaluateEach(nodes, "anyOf", instance, context)
            let passed = outcomes.filter(\.isValid)
            if passed.isEmpty {
                result.errors.append(failure.error("matches none of the \(nodes.count) schemas in anyOf (\(summary(of: outcomes)))"))
            }
            passed.forEach { result.mergeAnnotations($0) }
        case .oneOf(let nodes):
            let outcomes = try evaluateEach(nodes, "oneOf", instance, context)
            let passing = outcomes.indices.filter { outcomes[$0].isValid }
            if passing.isEmpty {
                result.errors.append(failure.error("matches none of the \(nodes.count) schemas in oneOf (\(summary(of: outcomes)))"))
            } else if passing.count > 1 {
                let list = passing.map(String.init).joined(separator: ", ")
                result.errors.append(failure.error("matches \(passing.count) schemas in oneOf (\(list)); exactly one must match"))
            } else {
                result.mergeAnnotations(outcomes[passing[0]])
            }
        case .not(let node):
            if try evaluate(node, instance, context.descending(keyword: "not")).isValid {
                result.errors.append(failure.error("must not match the schema in 'not'"))
            }
        case .conditional(let condition, let thenNode, let elseNode):
            let test = try evaluate(condition, instance, context.descending(keyword: "if"))
            if test.isValid {
                result.mergeAnnotations(test)
                if let thenNode { result.merge(try evaluate(thenNode, instance, context.descending(keyword: "then"))) }
            } else if let elseNode {
                result.merge(try evaluate(elseNode, instance, context.descending(keyword: "else")))
            }
        case .dependentSchemas(let dependencies):
            guard case .object(let members) = instance else { return }
            for (name, node) in dependencies.sorted(by: { $0.key < $1.key }) where members[name] != nil {
                result.merge(try evaluate(node, instance, context.descending(keyword: "dependentSchemas", name)))
            }
        default:
            return
        }
    }

    private func evaluateEach(_ nodes: [Int], _ keyword: String, _ instance: JSONValue, _ context: SchemaEvaluationContext)
        throws(SchemaEvaluationError) -> [SchemaEvaluation] {
        var outcomes: [SchemaEvaluation] = []
        for (offset, node) in nodes.enumerated() {
            outcomes.append(try evaluate(node, instance, context.descending(keyword: keyword, offset)))
        }
        return outcomes
    }

    /// The first error of each failed branch, so a person sees why each alternative was rejected.
    private func summary(of outcomes: [SchemaEvaluation]) -> String {
        outcomes.enumerated().compactMap { offset, outcome in
            outcome.errors.first.map { error in
                let location = error.instanceLocation.isEmpty ? "" : "\(error.instanceLocation): "
                return "\(offset): \(location)\(error.message)"
            }
        }.joined(separator: "; ")
    }
}
