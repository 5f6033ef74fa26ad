/// Where an evaluation is: the instance and keyword paths so far, the dynamic scope, and how many subschemas
/// enclose this one (what `SchemaEvaluator.maximumDepth` bounds).
struct SchemaEvaluationContext {
    var instancePath = JSONPointer()
    var keywordPath = JSONPointer()
    /// Resource numbers entered so far, outermost first: where `$dynamicRef` looks for its anchor.
    var scope: [Int] = []
    var depth = 0

    func descending(keyword: String) -> SchemaEvaluationContext {
        var copy = self
        copy.keywordPath = keywordPath.appending(keyword)
        return copy
    }

    func descending(keyword: String, _ subkey: String) -> SchemaEvaluationContext {
        var copy = self
        copy.keywordPath = keywordPath.appending(keyword).appending(subkey)
        return copy
    }

    func descending(keyword: String, _ index: Int) -> SchemaEvaluationContext {
        descending(keyword: keyword, String(index))
    }

    /// The context for a value inside the instance (`key` is a property name or an array index).
    func descending(keyword: String, subkey: String? = nil, instanceKey key: String) -> SchemaEvaluationContext {
        var copy = subkey.map { descending(keyword: keyword, $0) } ?? descending(keyword: keyword)
        copy.instancePath = instancePath.appending(key)
        return copy
    }
}
