import Mustache

/// A Mustache template for prompt text. Prompts are not HTML: values reach the model exactly as written.
public struct PromptTemplate: Sendable {
    public let source: String
    private let template: MustacheTemplate

    /// The reason a template does not parse.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { message }
    }

    public init(_ source: String) throws(ParseError) {
        self.source = source
        do {
            // The TEXT content type turns off Mustache's HTML escaping for the whole template.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
        } catch let error as MustacheTemplate.ParserError {
            throw ParseError(line: error.context.lineNumber, message: "invalid Mustache template: \(error.error) at line \(error.context.lineNumber), column \(error.context.columnNumber)")
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
        where line.contains("{{") && line.contains(variable) {
            return index + 1
        }
        return nil
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
