/// A compiled schema: a boolean schema, or the keywords of a schema object in evaluation order.
struct SchemaNode: Sendable {
    enum Body: Sendable {
        case constant(Bool)
        case keywords([SchemaKeyword])
    }

    let body: Body
    /// The schema resource (nearest `$id`) the node belongs to: what `$dynamicRef` scopes are made of.
    let resource: Int
    /// The node's absolute URI with a pointer fragment, for errors' absolute schema paths.
    let absoluteLocation: String
}

/// A compiled schema graph: nodes linked by number (so `$ref` cycles are plain integers), the root, and each
/// resource's `$dynamicAnchor`s.
struct SchemaProgram: Sendable {
    let nodes: [SchemaNode]
    let root: Int
    /// For each resource number, its dynamic anchors by name.
    let dynamicAnchors: [[String: Int]]
}
