/// Finding schemas that would evaluate forever: a cycle of keywords that apply a subschema to the same instance
/// location (`$ref`, `$dynamicRef`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentSchemas`) never
/// reaches the end of the instance, whatever the instance. Recursion through `properties`, `items` and the other
/// keywords that step into the instance ends with the instance, and is fine.
extension SchemaProgram {
    /// One in-place step: the keyword as it appears in the schema path (`allOf/0`) and the node it leads to.
    struct InPlaceStep {
        let keyword: String
        let target: Int
    }

    /// The first in-place cycle reachable in the program, as the schema locations along it (the first repeated at
    /// the end), or nil when there is none. A `$dynamicRef` may lead to any same-named `$dynamicAnchor`, so every one
    /// counts as a step.
    func inPlaceCycle() -> [String]? {
        let steps = nodes.indices.map(inPlaceSteps(from:))
        enum Mark { case unvisited, onPath, done }
        var marks = [Mark](repeating: .unvisited, count: nodes.count)
        // Iterative depth-first search (a schema may chain many references): each frame is a node and its next step.
        for start in nodes.indices where marks[start] == .unvisited {
            var path: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .onPath
            while let (node, next) = path.last {
                guard next < steps[node].count else {
                    marks[node] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let target = steps[node][next].target
                switch marks[target] {
                case .unvisited:
                    marks[target] = .onPath
                    path.append((target, 0))
                case .onPath:
                    let loop = path[path.firstIndex { $0.node == target }!...]
                    return loop.map { frame in location(of: frame.node, steps[frame.node][frame.next - 1].keyword) }
                        + [location(of: target, nil)]
                case .done:
                    continue
                }
            }
        }
        return nil
    }

    private func inPlaceSteps(from number: Int) -> [InPlaceStep] {
        guard case .keywords(let keywords) = nodes[number].body else { return [] }
        var steps: [InPlaceStep] = []
        for keyword in keywords {
            switch keyword {
            case .ref(let target):
                steps.append(InPlaceStep(keyword: "$ref", target: target))
            case .dynamicRef(let initial, let anchor):
                steps.append(InPlaceStep(keyword: "$dynamicRef", target: initial))
                if let anchor {
                    steps += dynamicAnchors.compactMap { $0[anchor] }.map { InPlaceStep(keyword: "$dynamicRef", target: $0) }
                }
            case .allOf(let targets), .anyOf(let targets), .oneOf(let targets):
                steps += targets.enumerated().map { InPlaceStep(keyword: "\(keyword.name)/\($0)", target: $1) }
            case .not(let target):
                steps.append(InPlaceStep(keyword: "not", target: target))
            case .conditional(let condition, let then, let otherwise):
                steps.append(InPlaceStep(keyword: "if", target: condition))
                if let then { steps.append(InPlaceStep(keyword: "then", target: then)) }
                if let otherwise { steps.append(InPlaceStep(keyword: "else", target: otherwise)) }
            case .dependentSchemas(let targets):
                steps += targets.sorted { $0.key < $1.key }.map { InPlaceStep(keyword: "dependentSchemas/\(JSONPointer.escape($0))", target: $1) }
            default:
                continue
            }
        }
        return steps
    }

    /// A node's location, relative (`#/$defs/a`) when it is in the root's document, with the keyword followed.
    private func location(of number: Int, _ keyword: String?) -> String {
        let absolute = nodes[number].absoluteLocation
        let rootBase = nodes[root].absoluteLocation.prefix { $0 != "#" }
        var shown = absolute.hasPrefix(rootBase + "#") ? String(absolute.dropFirst(rootBase.count)) : absolute
        if let keyword { shown += "/" + keyword }
        return shown
    }
}
