import Foundation
import Yams

/// A YAML file read into a node tree that remembers line numbers, so every problem can name file and line.
public struct YAMLFile {
    public let path: String
    let root: Node?

    /// Reads and parses `url`; `displayPath` is what error messages call the file.
    public init(url: URL, displayPath: String) throws(InputProblem) {
        path = displayPath
        let text = try InputText.read(url, displayPath: displayPath)
        // Before Yams composes anything: an alias bomb costs exponential time in its duplicate-key check already.
        try YAMLPreflight(file: displayPath).check(text)
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputProblem(file: displayPath, line: YAMLFile.line(of: error), message: "invalid YAML: \(YAMLFile.summary(of: error))")
        } catch {
            throw InputProblem(file: displayPath, line: nil, message: "invalid YAML: \(error)")
        }
    }

    /// The top-level node (a mapping, a list or a scalar), or nil for an empty file.
    public var rootItem: YAMLItem? { root.map { YAMLItem(file: path, node: $0) } }

    /// The top-level mapping, or a problem saying one was expected.
    public func rootMapping() throws(InputProblem) -> YAMLMapping {
        guard let root, case .mapping = root else {
            throw InputProblem(file: path, line: root?.mark?.line ?? 1, message: "expected a mapping of keys to values at the top level")
        }
        return YAMLMapping(file: path, node: root)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            if let context { return "\(context.text) \(problem)".trimmingCharacters(in: .whitespaces) }
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}

/// A YAML mapping with typed accessors whose errors carry the file and the line of the offending key.
public struct YAMLMapping {
    public let file: String
    let node: Node

    public var line: Int { node.mark?.line ?? 1 }

    /// The keys in file order.
    public var keys: [String] {
        node.mapping?.keys.compactMap(\.string) ?? []
    }

    public func contains(_ key: String) -> Bool { node[key] != nil }

    /// The line where `key`'s value starts, or the mapping's line when the key is absent.
    public func line(of key: String) -> Int {
        node[key]?.mark?.line ?? line
    }

    /// The line where the text of `key`'s value starts: a block scalar (`|` or `>`) starts after its indicator line.
    public func textLine(of key: String) -> Int {
        let style = node[key]?.scalar?.style
        return line(of: key) + (style == .literal || style == .folded ? 1 : 0)
    }

    /// A problem for every key that is not one of `known` (listed in the order messages name them), at its line, with a
    /// "did you mean" when one is close: a misspelt key must never be ignored and its default silently apply.
    public func unknownKeys(known: [String], noun: String = "key", context: String = "") -> [InputProblem] {
        keys.filter { !known.contains($0) }.map { problem($0, context + NameSuggestion.unknown(noun, $0, known: known)) }
    }

    func problem(_ key: String?, _ message: String) -> InputProblem {
        InputProblem(file: file, line: key.map(line(of:)) ?? line, message: message)
    }

    public func requiredString(_ key: String) throws(InputProblem) -> String {
        guard let value = node[key] else { throw problem(nil, "missing required field '\(key)'") }
        guard case .scalar(let scalar) = value else { throw problem(key, "'\(key)' must be a string") }
        return scalar.string
    }

    public func optionalString(_ key: String) throws(InputProblem) -> String? {
        guard node[key] != nil else { return nil }
        return try requiredString(key)
    }

    public func optionalDouble(_ key: String) throws(InputProblem) -> Double? {
        guard let value = node[key] else { return nil }
        guard let number = value.float ?? value.int.map(Double.init) else {
            throw problem(key, "'\(key)' must be a number, found '\(value.string ?? value.tag.description)'")
        }
        return number
    }

    public func optionalInt(_ key: String) throws(InputProblem) -> Int? {
        guard let value = node[key] else { return nil }
        guard let number = value.int else {
            throw problem(key, "'\(key)' must be a whole number, found '\(value.string ?? value.tag.description)'")
        }
        return number
    }

    public func optionalBool(_ key: String) throws(InputProblem) -> Bool? {
        guard let value = node[key] else { return nil }
        guard let flag = value.bool else { throw problem(key, "'\(key)' must be true or false") }
        return flag
    }

    public func optionalMapping(_ key: String) throws(InputProblem) -> YAMLMapping? {
        guard let value = node[key] else { return nil }
        guard case .mapping = value else { throw problem(key, "'\(key)' must be a mapping of keys to values") }
        return YAMLMapping(file: file, node: value)
    }

    public func requiredMapping(_ key: String) throws(InputProblem) -> YAMLMapping {
        guard let mapping = try optionalMapping(key) else { throw problem(nil, "missing required field '\(key)'") }
        return mapping
    }

    /// The items of a sequence under `key`, each with its line.
    public func optionalSequence(_ key: String) throws(InputProblem) -> [YAMLItem]? {
        guard let value = node[key] else { return nil }
        guard let items = value.sequence else { throw problem(key, "'\(key)' must be a list") }
        return items.map { YAMLItem(file: file, node: $0) }
    }

    /// The value under `key` as JSON (YAML scalars resolved to numbers, booleans and null as YAML 1.1 core does).
    /// The value of `key` as an item (any kind of node), with its line.
    public func item(_ key: String) -> YAMLItem? {
        node[key].map { YAMLItem(file: file, node: $0) }
    }

    public func json(_ key: String) -> JSONValue? {
        node[key].map(YAMLItem.json(of:))
    }

    /// The whole mapping as a JSON object.
    public var json: JSONValue { YAMLItem.json(of: node) }
}

/// One item of a YAML sequence.
public struct YAMLItem {
    public let file: String
    let node: Node

    public var line: Int { node.mark?.line ?? 1 }
    public var string: String? { node.scalar?.string }

    public var mapping: YAMLMapping? {
        guard case .mapping = node else { return nil }
        return YAMLMapping(file: file, node: node)
    }

    /// The items, when this is a list.
    public var sequence: [YAMLItem]? {
        guard case .sequence(let items) = node else { return nil }
        return items.map { YAMLItem(file: file, node: $0) }
    }

    public var json: JSONValue { YAMLItem.json(of: node) }

    static func json(of node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let flag = node.bool { return .bool(flag) }
                if let int = node.int { return .number(Double(int)) }
                if let double = node.float { return .number(double) }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map(json(of:)))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping { members[key.string ?? "\(key)"] = json(of: value) }
            return .object(members)
        case .alias:
            return .null
        }
    }
}
