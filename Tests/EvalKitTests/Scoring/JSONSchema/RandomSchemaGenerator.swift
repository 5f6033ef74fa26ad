@testable import EvalKit

/// A deterministic generator of small draft 2020-12 schemas and instances, for differential tests against another
/// validator. It stays inside what both implementations define identically: numbers exact in binary (so
/// `multipleOf` cannot hinge on rounding), simple patterns, and `$ref`s only to non-recursive `$defs`.
struct RandomSchemaGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private static let numbers: [Double] = [-2, -1, 0, 0.5, 1, 2, 2.5, 3, 4, 10]
    private static let strings = ["", "a", "ab", "abc", "b", "ba", "é", "💩", "a1", "1", "aa"]
    private static let keys = ["a", "b", "c", "aa", "ba"]
    private static let patterns = ["^a", "b$", "^[a-c]+$", "\\d", "^.{2}$", "a|b", "^$"]
    private static let types = ["null", "boolean", "object", "array", "number", "string", "integer"]

    /// A root schema, sometimes with `$defs` that its subschemas `$ref`.
    mutating func rootSchema() -> JSONValue {
        var root = schemaObject(depth: 3, allowRef: true)
        root["$defs"] = .object(["d0": schema(depth: 1, allowRef: false), "d1": schema(depth: 1, allowRef: false)])
        return .object(root)
    }

    mutating func instance(depth: Int = 3) -> JSONValue {
        switch next(depth > 0 ? 7 : 5) {
        case 0: return .null
        case 1: return .bool(next(2) == 0)
        case 2, 3: return .number(pick(Self.numbers))
        case 4: return .string(pick(Self.strings))
        case 5: return .array((0..<next(5)).map { _ in instance(depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<next(4) { members[pick(Self.keys)] = instance(depth: depth - 1) }
            return .object(members)
        }
    }

    private mutating func schema(depth: Int, allowRef: Bool) -> JSONValue {
        if depth <= 0 || next(10) == 0 { return .bool(next(4) != 0) }
        return .object(schemaObject(depth: depth, allowRef: allowRef))
    }

    private mutating func schemaObject(depth: Int, allowRef: Bool) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for _ in 0..<(1 + next(3)) {
            addKeyword(to: &object, depth: depth, allowRef: allowRef)
        }
        return object
    }

    private mutating func addKeyword(to object: inout [String: JSONValue], depth: Int, allowRef: Bool) {
        let sub = { (generator: inout RandomSchemaGenerator) in generator.schema(depth: depth - 1, allowRef: allowRef) }
        switch next(allowRef ? 31 : 30) {
        case 0:
            let first = next(Self.types.count)
            let second = (first + 1 + next(Self.types.count - 1)) % Self.types.count
            object["type"] = next(3) == 0 ? .array([.string(Self.types[first]), .string(Self.types[second])]) : .string(Self.types[first])
        case 1: object["enum"] = .array((0..<(1 + next(3))).map { _ in instance(depth: 1) })
        case 2: object["const"] = instance(depth: 1)
        case 3: object["minimum"] = .number(pick(Self.numbers))
        case 4: object["exclusiveMaximum"] = .number(pick(Self.numbers))
        case 5: object["multipleOf"] = .number(pick([0.5, 1, 2, 3, 0.25]))
        case 6: object[next(2) == 0 ? "minLength" : "maxLength"] = .number(Double(next(4)))
        case 7: object["pattern"] = .string(pick(Self.patterns))
        case 8: object["items"] = sub(&self)
        case 9: object["prefixItems"] = .array([sub(&self), sub(&self)])
        case 10:
            object["contains"] = sub(&self)
            if next(2) == 0 { object["minContains"] = .number(Double(next(3))) }
            if next(2) == 0 { object["maxContains"] = .number(Double(next(3))) }
        case 11: object[next(2) == 0 ? "minItems" : "maxItems"] = .number(Double(next(4)))
        case 12: object["uniqueItems"] = .bool(next(3) != 0)
        case 13: object["properties"] = .object(["a": sub(&self), "b": sub(&self)])
        case 14: object["patternProperties"] = .object(["^a": sub(&self)])
        case 15: object["additionalProperties"] = sub(&self)
        case 16: object["required"] = .array(Array(Set((0..<(1 + next(2))).map { _ in pick(Self.keys) })).sorted().map(JSONValue.string))
        case 17: object["propertyNames"] = next(2) == 0 ? .object(["maxLength": .number(1)]) : .object(["pattern": .string("^[ab]")])
        case 18: object[next(2) == 0 ? "minProperties" : "maxProperties"] = .number(Double(next(3)))
        case 19: object["dependentRequired"] = .object(["a": .array([.string("b")])])
        case 20: object["dependentSchemas"] = .object(["a": sub(&self)])
        case 21: object["allOf"] = .array([sub(&self), sub(&self)])
        case 22: object["anyOf"] = .array([sub(&self), sub(&self)])
        case 23: object["oneOf"] = .array([sub(&self), sub(&self)])
        case 24: object["not"] = sub(&self)
        case 25:
            object["if"] = sub(&self)
            if next(3) != 0 { object["then"] = sub(&self) }
            if next(3) != 0 { object["else"] = sub(&self) }
        case 26: object["unevaluatedProperties"] = next(2) == 0 ? .bool(false) : sub(&self)
        case 27: object["unevaluatedItems"] = next(2) == 0 ? .bool(false) : sub(&self)
        case 28: object["maximum"] = .number(pick(Self.numbers))
        case 29: object["exclusiveMinimum"] = .number(pick(Self.numbers))
        default: object["$ref"] = .string(next(2) == 0 ? "#/$defs/d0" : "#/$defs/d1")
        }
    }

    private mutating func next(_ bound: Int) -> Int {
        Int(random.next() % UInt64(bound))
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[next(values.count)]
    }

    /// SplitMix64: a tiny seeded generator, so a failing case can be reproduced from its seed.
    struct SplitMix64: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}
