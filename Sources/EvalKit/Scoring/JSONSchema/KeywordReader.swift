/// Typed access to the keywords of one schema object while it is compiled: each wrong-typed value becomes a
/// `SchemaError` naming the keyword and the schema location.
struct KeywordReader {
    let members: [String: JSONValue]
    let location: SchemaLocation
    let place: SchemaPlace
    let absoluteLocation: String
    /// Whether `format` is checked even when the dialect only annotates it.
    let assertsFormat: Bool

    /// Whether the schema's dialect includes `vocabulary` (core always is).
    func uses(_ vocabulary: SchemaVocabulary) -> Bool {
        vocabulary == .core || place.dialect.vocabularies.contains(vocabulary)
    }

    func has(_ keyword: String) -> Bool {
        members[keyword] != nil
    }

    func invalid(_ keyword: String, _ reason: String) -> SchemaError {
        .invalidKeyword(location: absoluteLocation, keyword: keyword, reason: reason)
    }

    func string(_ keyword: String) throws(SchemaError) -> String? {
        guard let value = members[keyword] else { return nil }
        guard let text = value.stringValue else { throw invalid(keyword, "must be a string") }
        return text
    }

    func number(_ keyword: String) throws(SchemaError) -> Double? {
        guard let value = members[keyword] else { return nil }
        guard let number = value.doubleValue else { throw invalid(keyword, "must be a number") }
        return number
    }

    /// A non-negative integer (`2.0` counts), clamped to `Int.max` when it is larger.
    func count(_ keyword: String) throws(SchemaError) -> Int? {
        guard let number = try number(keyword) else { return nil }
        guard number >= 0, number.rounded(.towardZero) == number else { throw invalid(keyword, "must be a non-negative integer") }
        return number >= Double(Int.max) ? Int.max : Int(number)
    }

    func stringList(_ keyword: String, value: JSONValue? = nil) throws(SchemaError) -> [String]? {
        guard let value = value ?? members[keyword] else { return nil }
        guard let items = value.arrayValue else { throw invalid(keyword, "must be an array of strings") }
        let strings = items.compactMap(\.stringValue)
        guard strings.count == items.count else { throw invalid(keyword, "must be an array of strings") }
        return strings
    }

    func pattern(_ source: String, keyword: String) throws(SchemaError) -> SchemaPattern {
        do {
            return try SchemaPattern(source)
        } catch {
            throw invalid(keyword, "has a pattern that is not a valid regular expression: \(source)")
        }
    }

    /// The validation-vocabulary keywords (and `format` when the dialect asserts it), in evaluation order.
    func assertionKeywords() throws(SchemaError) -> [SchemaKeyword] {
        var keywords: [SchemaKeyword] = []
        if uses(.validation) {
            try appendTypeChecks(to: &keywords)
            try appendNumberChecks(to: &keywords)
            if let maximum = try count("maxLength") { keywords.append(.maxLength(maximum)) }
            if let minimum = try count("minLength") { keywords.append(.minLength(minimum)) }
            if let source = try string("pattern") { keywords.append(.pattern(try pattern(source, keyword: "pattern"))) }
            try appendCollectionChecks(to: &keywords)
        }
        if uses(.formatAssertion) || assertsFormat, let format = try string("format") {
            keywords.append(.format(format))
        }
        return keywords
    }

    private func appendTypeChecks(to keywords: inout [SchemaKeyword]) throws(SchemaError) {
        if let type = members["type"] {
            let names = type.arrayValue ?? [type]
            let types = names.compactMap { $0.stringValue.flatMap(SchemaType.init(rawValue:)) }
            guard types.count == names.count, !types.isEmpty else {
                throw invalid("type", "must be a type name or a list of them (\(SchemaType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            keywords.append(.type(types))
        }
        if let values = members["enum"] {
            guard let list = values.arrayValue else { throw invalid("enum", "must be an array") }
            keywords.append(.enumeration(list))
        }
        if let value = members["const"] { keywords.append(.constant(value)) }
    }

    private func appendNumberChecks(to keywords: inout [SchemaKeyword]) throws(SchemaError) {
        if let divisor = try number("multipleOf") {
            guard divisor > 0 else { throw invalid("multipleOf", "must be greater than 0") }
            keywords.append(.multipleOf(divisor))
        }
        if let bound = try number("maximum") { keywords.append(.maximum(bound)) }
        if let bound = try number("exclusiveMaximum") { keywords.append(.exclusiveMaximum(bound)) }
        if let bound = try number("minimum") { keywords.append(.minimum(bound)) }
        if let bound = try number("exclusiveMinimum") { keywords.append(.exclusiveMinimum(bound)) }
    }

    private func appendCollectionChecks(to keywords: inout [SchemaKeyword]) throws(SchemaError) {
        if let maximum = try count("maxItems") { keywords.append(.maxItems(maximum)) }
        if let minimum = try count("minItems") { keywords.append(.minItems(minimum)) }
        if let unique = members["uniqueItems"] {
            guard let flag = unique.boolValue else { throw invalid("uniqueItems", "must be true or false") }
            if flag { keywords.append(.uniqueItems) }
        }
        if let maximum = try count("maxProperties") { keywords.append(.maxProperties(maximum)) }
        if let minimum = try count("minProperties") { keywords.append(.minProperties(minimum)) }
        if let names = try stringList("required") { keywords.append(.required(names)) }
        if let dependencies = members["dependentRequired"] {
            guard let map = dependencies.objectValue else { throw invalid("dependentRequired", "must be an object of string arrays") }
            var required: [String: [String]] = [:]
            for (name, value) in map { required[name] = try stringList("dependentRequired", value: value) }
            keywords.append(.dependentRequired(required))
        }
    }
}
