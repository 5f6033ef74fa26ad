import Foundation

import Mustache

/// A Mustache template for prompt text. Prompts are not HTML: values reach the model exactly as written.
public struct PromptTemplate: Sendable {
    public let source: String
    private let template: MustacheTemplate

    /// The reason a template does not parse.
    public struct ParseError: Error, Sendable, DescribedError {
        public let line: Int
        public let message: String
        public var description: String { message }
    }

    /// The TEXT content type turns off Mustache's HTML escaping for the whole template.
    private static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    public init(_ source: String) throws(ParseError) {
        self.source = source
        do {
            template = try MustacheTemplate(string: Self.textPragma + source)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            // The pragma sits in front of line 1, so columns there count it too.
            let column = error.context.columnNumber - (line == 1 ? Self.textPragma.count : 0)
            throw ParseError(line: line, message: "invalid Mustache template: \(error.error) at line \(line), column \(column)")
        } catch {
            throw ParseError(line: 1, message: "invalid Mustache template: \(error)")
        }
    }

    /// Renders the template with `vars`; numbers, booleans and objects render as compact JSON.
    public func render(_ vars: [String: JSONValue]) -> String {
        template.render(TemplateContext(vars: vars, recorder: nil))
    }

    /// The top-level names the template asked for that `vars` does not provide.
    public func missingVariables(in vars: [String: JSONValue]) -> [String] {
        let recorder = LookupRecorder()
        _ = template.render(TemplateContext(vars: vars, recorder: recorder))
        return recorder.missing.sorted()
    }

    /// The 1-based line of the first tag naming `variable`, for error messages.
    public func line(of variable: String) -> Int? {
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where Self.tagNames(in: line).contains(where: { $0 == variable }) {
            return index + 1
        }
        return nil
    }

    /// The top-level name of each tag on `line`: `{{#a.b}}` and `{{ a }}` both name `a`.
    private static func tagNames(in line: Substring) -> [Substring] {
        let pieces = line.split(separator: "{{")
        return pieces.dropFirst(line.hasPrefix("{{") ? 0 : 1).compactMap { piece in
            guard let end = piece.firstRange(of: "}}") else { return nil }
            return piece[..<end.lowerBound].drop { "#^/&{ ".contains($0) }.prefix { !". }".contains($0) }
        }
    }
}

/// Records the names a render looked up and did not find.
private final class LookupRecorder {
    var missing: Set<String> = []
}

/// What Mustache renders from: case variables, looked up by name.
private struct TemplateContext: MustacheParent {
    let vars: [String: JSONValue]
    let recorder: LookupRecorder?

    func child(named name: String) -> Any? {
        guard let value = vars[name] else {
            recorder?.missing.insert(name)
            return nil
        }
        return TemplateValue.wrap(value)
    }
}

/// Maps JSON values to what Mustache understands: strings, lists for sections, nested objects for dotted names.
private enum TemplateValue {
    static func wrap(_ value: JSONValue) -> Any? {
        switch value {
        case .null: nil
        case .bool(let flag): flag
        case .string(let text): text
        case .number: value.canonicalJSON
        case .array(let items): items.compactMap(wrap)
        case .object(let members): NestedContext(members: members)
        }
    }
}

private struct NestedContext: MustacheParent, CustomStringConvertible {
    let members: [String: JSONValue]
    func child(named name: String) -> Any? { members[name].flatMap(TemplateValue.wrap) }
    var description: String { JSONValue.object(members).canonicalJSON }
}
