/// Builds the errors of one keyword of one node, with its instance, keyword and absolute locations.
struct SchemaFailureReporter {
    let node: SchemaNode
    let keyword: String
    let context: SchemaEvaluationContext

    func error(_ message: String, at instancePath: JSONPointer? = nil, keyword reported: String? = nil) -> SchemaValidationError {
        let name = reported ?? keyword
        return SchemaValidationError(
            instanceLocation: (instancePath ?? context.instancePath).description,
            keywordLocation: context.keywordPath.appending(name).description,
            absoluteKeywordLocation: node.absoluteLocation + "/" + JSONPointer.escape(name),
            keyword: name, message: message)
    }
}
