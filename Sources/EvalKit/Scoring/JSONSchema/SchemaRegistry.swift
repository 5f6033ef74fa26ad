import Foundation

/// The schema documents a `$ref` or `$schema` may name, by URI, so references resolve without the network.
///
/// `standard` holds the draft 2020-12 metaschemas. Add documents under the URI they would be fetched from; a folder
/// can be served under a base URI, the way the JSON Schema Test Suite serves `remotes/` at `http://localhost:1234/`:
///
/// ```swift
/// let registry = try SchemaRegistry.standard
///     .addingDirectory(remotesFolder, baseURI: "http://localhost:1234/")
/// let schema = try JSONSchema(schemaValue, registry: registry)
/// ```
///
/// With `readsLocalFiles`, `file:` URIs not added explicitly are read from disk, so a schema file can `$ref` its
/// neighbours (`"$ref": "common.json#/$defs/name"`).
public struct SchemaRegistry: Sendable {
    private var documents: [String: JSONValue]
    /// Whether `file:` URIs that were not added are read from disk on demand.
    public var readsLocalFiles: Bool

    public init(readsLocalFiles: Bool = false) {
        documents = [:]
        self.readsLocalFiles = readsLocalFiles
    }

    /// The draft 2020-12 metaschema and its vocabulary metaschemas.
    public static let standard: SchemaRegistry = {
        var registry = SchemaRegistry()
        for (uri, text) in Metaschema2020_12.documents {
            // The embedded documents are fixed text, checked by the tests: parsing cannot fail.
            if let value = try? JSONParser.parse(Array(text.utf8)) { registry.documents[uri] = value }
        }
        return registry
    }()

    /// This registry, also reading `file:` references from disk.
    public func readingLocalFiles() -> SchemaRegistry {
        var copy = self
        copy.readsLocalFiles = true
        return copy
    }

    /// This registry with `document` retrievable at `uri` (a fragment is ignored).
    public func adding(_ document: JSONValue, at uri: String) -> SchemaRegistry {
        var copy = self
        copy.documents[SchemaURI.withoutFragment(uri)] = document
        return copy
    }

    /// This registry with every `.json` file under `directory` retrievable at `baseURI` + its relative path.
    public func addingDirectory(_ directory: URL, baseURI: String) throws(SchemaError) -> SchemaRegistry {
        var copy = self
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let prefix = baseURI.hasSuffix("/") ? baseURI : baseURI + "/"
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw .unreadableFile(path: directory.path, reason: "not a readable directory")
        }
        for case let file as URL in walker where file.pathExtension == "json" {
            let resolved = file.standardizedFileURL.resolvingSymlinksInPath()
            let relative = resolved.path.dropFirst(root.path.count).drop { $0 == "/" }
            copy.documents[prefix + relative] = try SchemaRegistry.readDocument(at: resolved)
        }
        return copy
    }

    /// The document registered at `uri`, or read from disk for a `file:` URI when allowed.
    func document(at uri: String) throws(SchemaError) -> JSONValue? {
        if let document = documents[uri] { return document }
        guard readsLocalFiles, let url = URL(string: uri), url.isFileURL else { return nil }
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try SchemaRegistry.readDocument(at: url)
    }

    /// Reads and parses one JSON file, as every input file is read: a leading byte-order mark is dropped, bytes that
    /// are not UTF-8 and keys repeated in one object are errors with their line and column, never silently repaired.
    static func readDocument(at url: URL) throws(SchemaError) -> JSONValue {
        let data: Data
        do {
            data = InputText.withoutByteOrderMark(try Data(contentsOf: url))
        } catch {
            throw .unreadableFile(path: url.path, reason: InputText.reason(error))
        }
        do {
            _ = try InputText.decode(data, file: url.path)
        } catch {
            throw .notJSON(path: url.path, reason: error.located)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(data)
        } catch {
            throw .notJSON(path: url.path, reason: error.description)
        }
        if let duplicate = JSONDuplicateKey.first(in: data) {
            let (line, column) = InputText.lineAndColumn(ofByte: duplicate.column - 1, in: data)
            throw .notJSON(path: url.path, reason: "line \(line), column \(column): duplicate key \"\(duplicate.key)\" in one object")
        }
        return value
    }
}

extension InputProblem {
    /// The message with its line and column, for errors that name the file themselves.
    var located: String {
        switch (line, column) {
        case (let line?, let column?): "line \(line), column \(column): \(message)"
        case (let line?, nil): "line \(line): \(message)"
        default: message
        }
    }
}
