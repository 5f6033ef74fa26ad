/// The applicators that evaluate subschemas against an array's items or an object's properties, and the
/// `unevaluated*` keywords that cover what the others left.
extension SchemaEvaluator {
    func applyToItems(_ keyword: SchemaKeyword, _ items: [JSONValue], _ context: SchemaEvaluationContext,
                      _ failure: SchemaFailureReporter, into result: inout SchemaEvaluation) throws(SchemaEvaluationError) {
        switch keyword {
        case .prefixItems(let nodes):
            for (index, node) in zip(items.indices, nodes) {
                let itemContext = context.descending(keyword: "prefixItems", subkey: String(index), instanceKey: String(index))
                result.errors += try applyChild(node, items[index], itemContext, failure: failure, rejection: "item \(index) is not allowed")
            }
            result.evaluatedItems.indices.formUnion(0..<min(items.count, nodes.count))
        case .items(let node, let firstIndex):
            let why = firstIndex == 0 ? "items is false" : "only \(firstIndex) prefixItems allowed"
            for index in items.indices where index >= firstIndex {
                result.errors += try applyChild(node, items[index], context.descending(keyword: "items", instanceKey: String(index)),
                                            failure: failure, rejection: "item \(index) is not allowed (\(why))")
            }
            result.evaluatedItems.all = true
        case .contains(let node, let minimum, let maximum):
            var matching: [Int] = []
            for index in items.indices
            where try evaluate(node, items[index], context.descending(keyword: "contains", instanceKey: String(index))).isValid {
                matching.append(index)
            }
            result.evaluatedItems.indices.formUnion(matching)
            if matching.count < minimum {
                let message = matching.isEmpty && minimum == 1
                    ? "no item matches the 'contains' schema"
                    : "\(matching.count) item\(matching.count == 1 ? "" : "s") match the 'contains' schema, at least \(minimum) required"
                result.errors.append(failure.error(message, keyword: minimum == 1 ? "contains" : "minContains"))
            }
            if let maximum, matching.count > maximum {
                let message = "\(matching.count) items match the 'contains' schema, at most \(maximum) allowed"
                result.errors.append(failure.error(message, keyword: "maxContains"))
            }
        case .unevaluatedItems(let node):
            for index in items.indices where !result.evaluatedItems.contains(index) {
                result.errors += try applyChild(node, items[index], context.descending(keyword: "unevaluatedItems", instanceKey: String(index)),
                                            failure: failure, rejection: "item \(index) is not allowed (unevaluatedItems)")
            }
            result.evaluatedItems.all = true
        default:
            return
        }
    }

    func applyToProperties(_ keyword: SchemaKeyword, _ members: [String: JSONValue], _ context: SchemaEvaluationContext,
                           _ failure: SchemaFailureReporter, into result: inout SchemaEvaluation) throws(SchemaEvaluationError) {
        let names = members.keys.sorted()
        switch keyword {
        case .properties(let declared):
            for name in names {
                guard let node = declared[name] else { continue }
                result.errors += try applyChild(node, members[name]!, context.descending(keyword: "properties", subkey: name, instanceKey: name),
                                            failure: failure, rejection: "property \(quoted(name)) is not allowed")
                result.evaluatedProperties.insert(name)
            }
        case .patternProperties(let patterns):
            for name in names {
                for entry in patterns where entry.pattern.matches(name) {
                    result.errors += try applyChild(entry.node, members[name]!,
                                                context.descending(keyword: "patternProperties", subkey: entry.pattern.source, instanceKey: name),
                                                failure: failure, rejection: "property \(quoted(name)) is not allowed")
                    result.evaluatedProperties.insert(name)
                }
            }
        case .additionalProperties(let node, let declared, let patterns):
            for name in names where !declared.contains(name) && !patterns.contains(where: { $0.matches(name) }) {
                result.errors += try applyChild(node, members[name]!, context.descending(keyword: "additionalProperties", instanceKey: name),
                                            failure: failure, rejection: "property \(quoted(name)) is not allowed (additionalProperties)")
                result.evaluatedProperties.insert(name)
            }
        case .propertyNames(let node):
            for name in names {
                let outcome = try evaluate(node, .string(name), context.descending(keyword: "propertyNames"))
                result.errors += outcome.errors.map { error in
                    SchemaValidationError(instanceLocation: error.instanceLocation, keywordLocation: error.keywordLocation,
                                    absoluteKeywordLocation: error.absoluteKeywordLocation, keyword: error.keyword,
                                    message: "property name \(quoted(name)): \(error.message)")
                }
            }
        case .unevaluatedProperties(let node):
            for name in names where !result.evaluatedProperties.contains(name) {
                result.errors += try applyChild(node, members[name]!, context.descending(keyword: "unevaluatedProperties", instanceKey: name),
                                            failure: failure, rejection: "property \(quoted(name)) is not allowed (unevaluatedProperties)")
            }
            result.evaluatedProperties.formUnion(names)
        default:
            return
        }
    }

    /// Evaluates a child value; against a `false` schema the error names the keyword and the rejected item or property.
    private func applyChild(_ node: Int, _ value: JSONValue, _ context: SchemaEvaluationContext, failure: SchemaFailureReporter,
                            rejection: String) throws(SchemaEvaluationError) -> [SchemaValidationError] {
        if case .constant(false) = program.nodes[node].body {
            let keyword = failure.keyword
            return [SchemaValidationError(instanceLocation: context.instancePath.description, keywordLocation: context.keywordPath.description,
                                    absoluteKeywordLocation: program.nodes[node].absoluteLocation, keyword: keyword, message: rejection)]
        }
        return try evaluate(node, value, context).errors
    }

    func quoted(_ text: String) -> String {
        JSONValue.string(text).canonicalJSON
    }
}
