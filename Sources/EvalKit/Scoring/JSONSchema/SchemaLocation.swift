/// A position in one of the documents a schema compilation has loaded.
struct SchemaLocation: Hashable, Sendable {
    let document: Int
    let pointer: JSONPointer
}

/// What is known about a subschema from where it sits: its base URI, its dialect, and its resource root.
struct SchemaPlace: Sendable {
    let baseURI: String
    let dialect: SchemaDialect
    /// The location of the schema resource (the nearest `$id`, or the document) it belongs to.
    let resourceRoot: SchemaLocation
}

extension SchemaLocation {
    func appending(_ token: String) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer.appending(token))
    }

    func appending(_ token: String, _ index: Int) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer.appending(token).appending(index))
    }

    func appending(_ token: String, _ name: String) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer.appending(token).appending(name))
    }
}
