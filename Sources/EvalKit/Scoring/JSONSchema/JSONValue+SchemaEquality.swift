extension JSONValue {
    /// JSON Schema equality (`const`, `enum`, `uniqueItems`): numbers by value (`1 == 1.0`), strings by code points.
    ///
    /// Swift's `==` on strings treats canonically equivalent text as equal (`"é"` precomposed equals `"e"` plus a
    /// combining accent), which JSON Schema does not; everything else agrees with `JSONValue`'s `==`.
    func schemaEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.string(let lhs), .string(let rhs)):
            return lhs.unicodeScalars.elementsEqual(rhs.unicodeScalars)
        case (.array(let lhs), .array(let rhs)):
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.schemaEquals($1) }
        case (.object(let lhs), .object(let rhs)):
            guard lhs.count == rhs.count else { return false }
            return lhs.allSatisfy { key, value in
                guard let index = rhs.index(forKey: key), rhs[index].key.unicodeScalars.elementsEqual(key.unicodeScalars) else { return false }
                return value.schemaEquals(rhs[index].value)
            }
        default:
            return self == other
        }
    }
}
