/// The seven names `type` accepts.
enum SchemaType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, string, integer

    /// Whether `value` is of this type; `integer` takes any number with a zero fractional part (`1.0` too).
    func admits(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .number), (.string, .string):
            true
        case (.integer, .number(let number)):
            number.isFinite && number.rounded(.towardZero) == number
        default:
            false
        }
    }
}
