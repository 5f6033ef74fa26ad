/// A row as read back from the store: the id the store gave it, and its fields. Records (`RunRecord`, …) are what is
/// written and have no id; every read returns `Stored` values, so no reader ever unwraps an id. Fields read through:
/// `stored.status` is `stored.fields.status`.
@dynamicMemberLookup
public struct Stored<Fields: Sendable>: Sendable {
    public let id: Int64
    public var fields: Fields

    public init(id: Int64, _ fields: Fields) {
        self.id = id
        self.fields = fields
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        get { fields[keyPath: keyPath] }
        set { fields[keyPath: keyPath] = newValue }
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<Fields, Value>) -> Value {
        fields[keyPath: keyPath]
    }
}
