import Foundation

/// The documents a compilation uses, walked once each so `$id`s, `$anchor`s and `$dynamicAnchor`s can be found by
/// URI (draft 2020-12 §9): what `$ref`, `$dynamicRef` and `$schema` resolve through.
///
/// Only schema positions are walked (the values of applicator keywords and `$defs`), so an `$id` inside `const`,
/// `enum` or an unknown keyword is data, not an identifier.
struct SchemaIndex {
    private let registry: SchemaRegistry
    private(set) var documents: [JSONValue] = []
    /// Schema resources by absolute URI without fragment: each `$id`, and each document's retrieval URI.
    private var resources: [String: SchemaLocation] = [:]
    /// Plain-name fragments, `$anchor` and `$dynamicAnchor` alike, by `base#name`.
    private var anchors: [String: SchemaLocation] = [:]
    /// `$dynamicAnchor`s by the base URI of their resource, then name.
    private(set) var dynamicAnchors: [String: [String: SchemaLocation]] = [:]
    private var places: [SchemaLocation: SchemaPlace] = [:]
    private var dialects: [String: SchemaDialect] = [Metaschema2020_12.uri: .standard]

    init(registry: SchemaRegistry) {
        self.registry = registry
    }

    /// Adds a document retrieved from `retrievalURI` (possibly empty) and returns its root.
    mutating func addDocument(_ document: JSONValue, retrievalURI: String) throws(SchemaError) -> SchemaLocation {
        let root = SchemaLocation(document: documents.count, pointer: JSONPointer())
        documents.append(document)
        if resources[retrievalURI] == nil { resources[retrievalURI] = root }
        try walk(document, at: root, base: retrievalURI, dialect: .standard, resourceRoot: root)
        return root
    }

    /// The value at `location`; nil when a pointer leads nowhere.
    func value(at location: SchemaLocation) -> JSONValue? {
        location.pointer.resolve(in: documents[location.document])
    }

    /// The place of `location`, or of its nearest walked ancestor for a pointer into a non-schema value.
    func place(of location: SchemaLocation) -> SchemaPlace {
        var tokens = location.pointer.tokens
        while true {
            if let place = places[SchemaLocation(document: location.document, pointer: JSONPointer(tokens))] { return place }
            if tokens.isEmpty { break }
            tokens.removeLast()
        }
        // Every document root is walked, so this is unreachable; the fallback keeps the type total.
        return SchemaPlace(baseURI: "", dialect: .standard, resourceRoot: SchemaLocation(document: location.document, pointer: JSONPointer()))
    }

    /// The schema an absolute URI designates: a resource, a pointer into one, or an anchor; loads registered documents.
    /// Also says whether the fragment is a `$dynamicAnchor` (what makes a `$dynamicRef` dynamic).
    /// `reference` is the URI as written, for the error when nothing is there.
    mutating func locate(_ uri: String, reference: String, from referrer: String) throws(SchemaError)
        -> (location: SchemaLocation, dynamicAnchor: String?) {
        let unresolvable = SchemaError.unresolvableReference(location: referrer, reference: reference, resolved: uri)
        let (resource, fragment) = SchemaURI.splitFragment(uri)
        let root: SchemaLocation
        if let known = resources[resource] {
            root = known
        } else if let document = try registry.document(at: resource) {
            root = try addDocument(document, retrievalURI: resource)
        } else {
            throw unresolvable
        }
        if fragment.isEmpty { return (root, nil) }
        if let pointer = JSONPointer(fragment: fragment) {
            let location = SchemaLocation(document: root.document, pointer: root.pointer.appending(contentsOf: pointer))
            guard value(at: location) != nil else { throw unresolvable }
            return (location, nil)
        }
        let base = place(of: root).baseURI
        let name = fragment.removingPercentEncoding ?? fragment
        guard let location = anchors[base + "#" + name] else { throw unresolvable }
        let isDynamic = dynamicAnchors[base]?[name] == location
        return (location, isDynamic ? name : nil)
    }

    private mutating func walk(_ value: JSONValue, at location: SchemaLocation, base: String, dialect: SchemaDialect,
                               resourceRoot: SchemaLocation) throws(SchemaError) {
        guard case .object(let members) = value else {
            places[location] = SchemaPlace(baseURI: base, dialect: dialect, resourceRoot: resourceRoot)
            return
        }
        var base = base
        var dialect = dialect
        var resourceRoot = resourceRoot
        let isResourceRoot = location.pointer.tokens.isEmpty || members["$id"]?.stringValue != nil
        if isResourceRoot, let metaschema = members["$schema"]?.stringValue {
            dialect = try self.dialect(of: SchemaURI.withoutFragment(metaschema), at: base)
        }
        if let id = members["$id"]?.stringValue {
            base = SchemaURI.withoutFragment(SchemaURI.resolve(id, against: base))
            resources[base] = location
            resourceRoot = location
        }
        places[location] = SchemaPlace(baseURI: base, dialect: dialect, resourceRoot: resourceRoot)
        if let anchor = members["$anchor"]?.stringValue {
            anchors[base + "#" + anchor] = location
        }
        if let anchor = members["$dynamicAnchor"]?.stringValue {
            anchors[base + "#" + anchor] = location
            dynamicAnchors[base, default: [:]][anchor] = location
        }
        for (keyword, child) in members {
            switch SchemaIndex.subschemaShape[keyword] {
            case .single?:
                try walk(child, at: location.appending(keyword), base: base, dialect: dialect, resourceRoot: resourceRoot)
            case .array?:
                for (offset, element) in (child.arrayValue ?? []).enumerated() {
                    try walk(element, at: location.appending(keyword, offset), base: base, dialect: dialect, resourceRoot: resourceRoot)
                }
            case .map?:
                for (name, element) in child.objectValue ?? [:] {
                    try walk(element, at: location.appending(keyword, name), base: base, dialect: dialect, resourceRoot: resourceRoot)
                }
            case nil:
                continue
            }
        }
    }

    /// The dialect a `$schema` names, from its metaschema's `$vocabulary` (all of 2020-12 when it has none).
    private mutating func dialect(of metaschemaURI: String, at referrer: String) throws(SchemaError) -> SchemaDialect {
        if let known = dialects[metaschemaURI] { return known }
        guard let metaschema = try registry.document(at: metaschemaURI) ?? resources[metaschemaURI].flatMap(value(at:)) else {
            throw .unsupportedDialect(metaschema: metaschemaURI)
        }
        var dialect = SchemaDialect.standard
        if let declared = metaschema["$vocabulary"]?.objectValue {
            var vocabularies: Set<SchemaVocabulary> = [.core]
            for (uri, required) in declared {
                if let vocabulary = SchemaVocabulary(rawValue: uri) {
                    vocabularies.insert(vocabulary)
                } else if required.boolValue == true {
                    throw .unsupportedVocabulary(metaschema: metaschemaURI, vocabulary: uri)
                }
            }
            dialect = SchemaDialect(vocabularies: vocabularies)
        }
        dialects[metaschemaURI] = dialect
        return dialect
    }

    private enum Shape { case single, array, map }

    /// Where draft 2020-12 keywords hold subschemas.
    private static let subschemaShape: [String: Shape] = [
        "additionalProperties": .single, "unevaluatedProperties": .single, "items": .single, "unevaluatedItems": .single,
        "contains": .single, "propertyNames": .single, "if": .single, "then": .single, "else": .single, "not": .single,
        "contentSchema": .single,
        "allOf": .array, "anyOf": .array, "oneOf": .array, "prefixItems": .array,
        "$defs": .map, "properties": .map, "patternProperties": .map, "dependentSchemas": .map,
    ]
}
