/// A yes/no check of an instance: the same keywords as `evaluate`, without building error messages, instance and
/// keyword locations or annotations, and stopping at the first keyword that fails. Most instances are valid, and for
/// them this is all the work; only an invalid one is evaluated again in full for its errors.
///
/// Annotations matter only to `unevaluatedProperties` and `unevaluatedItems`, so a program that has either one is
/// always evaluated in full (`quickCheckApplies`).
extension SchemaEvaluator {
    /// True or false when the quick check decides; nil when it cannot (the depth limit or cancellation, which the full
    /// evaluation reports as it always has).
    func isValid(_ instance: JSONValue) -> Bool? {
        var scope = Walk()
        return try? check(program.root, instance, depth: 0, scope: &scope)
    }

    private struct Undecided: Error {}

    /// The dynamic scope (the resources entered, innermost last), and how many nodes remain before the task's
    /// cancellation is looked at again (every 1,024 nodes: an instance of 100,000 items stops within milliseconds).
    private struct Walk {
        var resources: [Int] = []
        var untilCancellationCheck = 1024

        var last: Int? { resources.last }
        mutating func append(_ resource: Int) { resources.append(resource) }
        mutating func removeLast() { resources.removeLast() }
        /// Outermost first, as `$dynamicRef` resolution reads them.
        var lazy: LazySequence<[Int]> { resources.lazy }
    }

    private func check(_ number: Int, _ instance: JSONValue, depth: Int, scope: inout Walk) throws(Undecided) -> Bool {
        guard depth < SchemaEvaluator.maximumDepth else { throw Undecided() }
        let node = program.nodes[number]
        let entered = scope.last != node.resource
        if entered { scope.append(node.resource) }
        defer { if entered { scope.removeLast() } }
        switch node.body {
        case .constant(let value):
            return value
        case .keywords(let keywords):
            scope.untilCancellationCheck -= 1
            if scope.untilCancellationCheck == 0 {
                scope.untilCancellationCheck = 1024
                if Task.isCancelled { throw Undecided() }
            }
            for keyword in keywords where try !holds(keyword, instance, depth: depth + 1, scope: &scope) {
                return false
            }
            return true
        }
    }

    private func holds(_ keyword: SchemaKeyword, _ instance: JSONValue, depth: Int, scope: inout Walk) throws(Undecided) -> Bool {
        switch keyword {
        case .ref(let target):
            return try check(target, instance, depth: depth, scope: &scope)
        case .dynamicRef(let initial, let anchor):
            var target = initial
            if let anchor, let found = scope.lazy.compactMap({ self.program.dynamicAnchors[$0][anchor] }).first { target = found }
            return try check(target, instance, depth: depth, scope: &scope)
        case .allOf(let nodes):
            for node in nodes where try !check(node, instance, depth: depth, scope: &scope) { return false }
            return true
        case .anyOf(let nodes):
            for node in nodes where try check(node, instance, depth: depth, scope: &scope) { return true }
            return false
        case .oneOf(let nodes):
            var passing = 0
            for node in nodes where try check(node, instance, depth: depth, scope: &scope) {
                passing += 1
                if passing > 1 { return false }
            }
            return passing == 1
        case .not(let node):
            return try !check(node, instance, depth: depth, scope: &scope)
        case .conditional(let condition, let thenNode, let elseNode):
            if try check(condition, instance, depth: depth, scope: &scope) {
                return try thenNode.map { node throws(Undecided) in try check(node, instance, depth: depth, scope: &scope) } ?? true
            }
            return try elseNode.map { node throws(Undecided) in try check(node, instance, depth: depth, scope: &scope) } ?? true
        case .dependentSchemas(let dependencies):
            guard case .object(let members) = instance else { return true }
            for (name, node) in dependencies where members[name] != nil {
                if try !check(node, instance, depth: depth, scope: &scope) { return false }
            }
            return true
        case .prefixItems(let nodes):
            guard case .array(let items) = instance else { return true }
            for (item, node) in zip(items, nodes) where try !check(node, item, depth: depth, scope: &scope) { return false }
            return true
        case .items(let node, let firstIndex):
            guard case .array(let items) = instance, items.count > firstIndex else { return true }
            for item in items[firstIndex...] where try !check(node, item, depth: depth, scope: &scope) { return false }
            return true
        case .contains(let node, let minimum, let maximum):
            guard case .array(let items) = instance else { return true }
            var matching = 0
            for item in items where try check(node, item, depth: depth, scope: &scope) {
                matching += 1
                if let maximum, matching > maximum { return false }
            }
            return matching >= minimum
        case .properties(let declared):
            guard case .object(let members) = instance else { return true }
            if declared.count < members.count {
                for (name, node) in declared {
                    if let value = members[name], try !check(node, value, depth: depth, scope: &scope) { return false }
                }
            } else {
                for (name, value) in members {
                    if let node = declared[name], try !check(node, value, depth: depth, scope: &scope) { return false }
                }
            }
            return true
        case .patternProperties(let patterns):
            guard case .object(let members) = instance else { return true }
            for (name, value) in members {
                for entry in patterns where entry.pattern.matches(name) {
                    if try !check(entry.node, value, depth: depth, scope: &scope) { return false }
                }
            }
            return true
        case .additionalProperties(let node, let declared, let patterns):
            guard case .object(let members) = instance else { return true }
            for (name, value) in members where !declared.contains(name) && !patterns.contains(where: { $0.matches(name) }) {
                if try !check(node, value, depth: depth, scope: &scope) { return false }
            }
            return true
        case .propertyNames(let node):
            guard case .object(let members) = instance else { return true }
            for name in members.keys where try !check(node, .string(name), depth: depth, scope: &scope) { return false }
            return true
        case .unevaluatedItems, .unevaluatedProperties:
            // Never reached: programs with these are evaluated in full (`quickCheckApplies`).
            throw Undecided()
        default:
            return assertionFailure(keyword, instance) == nil
        }
    }
}

extension SchemaProgram {
    /// Whether the yes/no check gives the same verdict as a full evaluation: when no node reads annotations.
    var quickCheckApplies: Bool {
        !nodes.contains { node in
            guard case .keywords(let keywords) = node.body else { return false }
            return keywords.contains { keyword in
                switch keyword {
                case .unevaluatedItems, .unevaluatedProperties: true
                default: false
                }
            }
        }
    }
}
