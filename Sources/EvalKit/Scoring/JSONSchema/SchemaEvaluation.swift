/// What evaluating one subschema against one instance location produced: its errors, and — when it passed — the
/// annotations `unevaluatedProperties` and `unevaluatedItems` read (which properties and items were evaluated).
struct SchemaEvaluation {
    var errors: [SchemaValidationError] = []
    /// Property names some passing applicator evaluated at this instance location.
    var evaluatedProperties: Set<String> = []
    var evaluatedItems = SchemaEvaluatedItems()

    var isValid: Bool { errors.isEmpty }

    /// Takes in a subschema's outcome at the same instance location: its errors, and its annotations if it passed.
    mutating func merge(_ other: SchemaEvaluation) {
        errors += other.errors
        if other.isValid { mergeAnnotations(other) }
    }

    mutating func mergeAnnotations(_ other: SchemaEvaluation) {
        evaluatedProperties.formUnion(other.evaluatedProperties)
        evaluatedItems.formUnion(other.evaluatedItems)
    }

    /// A failed subschema's annotations are dropped (draft 2020-12 §7.7.1.2).
    mutating func dropAnnotationsIfInvalid() {
        guard !isValid else { return }
        evaluatedProperties = []
        evaluatedItems = SchemaEvaluatedItems()
    }
}

/// Which items of an array were evaluated: all of them (`items`, `unevaluatedItems`), or some by index
/// (`prefixItems`, `contains`).
struct SchemaEvaluatedItems {
    var all = false
    var indices: Set<Int> = []

    func contains(_ index: Int) -> Bool {
        all || indices.contains(index)
    }

    mutating func formUnion(_ other: SchemaEvaluatedItems) {
        all = all || other.all
        if !all { indices.formUnion(other.indices) }
    }
}
