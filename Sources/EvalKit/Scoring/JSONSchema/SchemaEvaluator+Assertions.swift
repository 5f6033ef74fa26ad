/// The validation vocabulary: keywords that check the instance itself and apply no subschema.
extension SchemaEvaluator {
    /// Why `instance` fails `keyword`, or nil when it passes (or the keyword does not apply to its type).
    func assertionFailure(_ keyword: SchemaKeyword, _ instance: JSONValue) -> String? {
        switch (keyword, instance) {
        case (.type(let types), _):
            if types.contains(where: { $0.admits(instance) }) { return nil }
            return "must be \(types.map(\.rawValue).joined(separator: " or ")), got \(describeType(instance))"
        case (.enumeration(let values), _):
            if values.contains(where: { $0.schemaEquals(instance) }) { return nil }
            let listed = values.prefix(10).map(\.canonicalJSON).joined(separator: ", ") + (values.count > 10 ? ", …" : "")
            return "must be one of \(listed), got \(preview(instance))"
        case (.constant(let value), _):
            return value.schemaEquals(instance) ? nil : "must be \(preview(value)), got \(preview(instance))"
        case (.multipleOf(let divisor), .number(let number)):
            return DecimalMultiple.isMultiple(number, of: divisor) ? nil : "must be a multiple of \(format(divisor)), got \(format(number))"
        case (.maximum(let bound), .number(let number)):
            return number <= bound ? nil : "must be <= \(format(bound)), got \(format(number))"
        case (.exclusiveMaximum(let bound), .number(let number)):
            return number < bound ? nil : "must be < \(format(bound)), got \(format(number))"
        case (.minimum(let bound), .number(let number)):
            return number >= bound ? nil : "must be >= \(format(bound)), got \(format(number))"
        case (.exclusiveMinimum(let bound), .number(let number)):
            return number > bound ? nil : "must be > \(format(bound)), got \(format(number))"
        case (.maxLength(let limit), .string(let text)):
            let length = text.unicodeScalars.count
            return length <= limit ? nil : "must be at most \(characters(limit)) long, got \(length)"
        case (.minLength(let limit), .string(let text)):
            let length = text.unicodeScalars.count
            return length >= limit ? nil : "must be at least \(characters(limit)) long, got \(length)"
        case (.pattern(let pattern), .string(let text)):
            return pattern.matches(text) ? nil : "must match the pattern /\(pattern.source)/, got \(preview(instance))"
        case (.format(let format), .string(let text)):
            return FormatAssertion.check(format, text).map { "is not a valid \(format): \($0)" }
        default:
            return collectionFailure(keyword, instance)
        }
    }

    private func collectionFailure(_ keyword: SchemaKeyword, _ instance: JSONValue) -> String? {
        switch (keyword, instance) {
        case (.maxItems(let limit), .array(let items)):
            return items.count <= limit ? nil : "must have at most \(count(limit, "item")), got \(items.count)"
        case (.minItems(let limit), .array(let items)):
            return items.count >= limit ? nil : "must have at least \(count(limit, "item")), got \(items.count)"
        case (.uniqueItems, .array(let items)):
            // Swift's == is coarser than schema equality, so it buckets candidates; each bucket is compared exactly.
            var buckets: [JSONValue: [Int]] = [:]
            for (index, item) in items.enumerated() {
                if let first = buckets[item]?.first(where: { items[$0].schemaEquals(item) }) {
                    return "items \(first) and \(index) are equal; items must be unique"
                }
                buckets[item, default: []].append(index)
            }
            return nil
        case (.maxProperties(let limit), .object(let members)):
            return members.count <= limit ? nil : "must have at most \(count(limit, "property")), got \(members.count)"
        case (.minProperties(let limit), .object(let members)):
            return members.count >= limit ? nil : "must have at least \(count(limit, "property")), got \(members.count)"
        case (.required(let names), .object(let members)):
            let missing = names.filter { members[$0] == nil }
            guard !missing.isEmpty else { return nil }
            return "missing required propert\(missing.count == 1 ? "y" : "ies") \(missing.map(quoted).joined(separator: ", "))"
        case (.dependentRequired(let dependencies), .object(let members)):
            for (name, required) in dependencies.sorted(by: { $0.key < $1.key }) where members[name] != nil {
                let missing = required.filter { members[$0] == nil }
                if !missing.isEmpty {
                    let names = missing.map(quoted).joined(separator: ", ")
                    return "property \(quoted(name)) requires \(names), which \(missing.count == 1 ? "is" : "are") missing"
                }
            }
            return nil
        default:
            return nil
        }
    }

    private func describeType(_ value: JSONValue) -> String {
        if case .number(let number) = value, SchemaType.integer.admits(value) { return "integer \(format(number))" }
        return value.typeName
    }

    /// A value for a message, shortened so a long string does not swamp it.
    private func preview(_ value: JSONValue) -> String {
        let text = value.canonicalJSON
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    private func format(_ number: Double) -> String {
        JSONValue.number(number).canonicalJSON
    }

    private func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }

    private func count(_ count: Int, _ noun: String) -> String {
        let plural = noun.hasSuffix("y") ? String(noun.dropLast()) + "ies" : noun + "s"
        return "\(count) \(count == 1 ? noun : plural)"
    }
}
