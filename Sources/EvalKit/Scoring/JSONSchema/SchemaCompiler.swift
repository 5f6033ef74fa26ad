/// Turns schema documents into a `SchemaProgram`: every subschema reachable from the root, through applicators and
/// references, compiled once, so validation never re-reads JSON, re-resolves a URI or re-compiles a pattern.
///
/// References are resolved here, eagerly: a `$ref` that leads nowhere, or a cycle of references and in-place
/// applicators that never moves into the instance, is a schema error, not a validation-time surprise.
struct SchemaCompiler {
    /// How many subschemas and references may lead one into another while compiling (the compiler recurses).
    static let maximumDepth = 1_000

    private var depth = 0
    private var index: SchemaIndex
    private var nodes: [SchemaNode?] = []
    private var nodeAt: [SchemaLocation: Int] = [:]
    private var resourceNumbers: [String: Int] = [:]
    private var dynamicAnchors: [[String: Int]] = []
    private let assertsFormat: Bool

    init(registry: SchemaRegistry, assertsFormat: Bool) {
        index = SchemaIndex(registry: registry)
        self.assertsFormat = assertsFormat
    }

    /// Compiles `document` (retrieved from `retrievalURI`, which may be empty) and everything it references.
    /// With `assertsFormat`, `format` is checked whatever the metaschema says.
    static func compile(_ document: JSONValue, retrievalURI: String, registry: SchemaRegistry,
                        assertsFormat: Bool = false) throws(SchemaError) -> SchemaProgram {
        var compiler = SchemaCompiler(registry: registry, assertsFormat: assertsFormat)
        let rootLocation = try compiler.index.addDocument(document, retrievalURI: retrievalURI)
        let root = try compiler.node(at: rootLocation)
        let program = SchemaProgram(nodes: compiler.nodes.map { $0! }, root: root, dynamicAnchors: compiler.dynamicAnchors)
        if let cycle = program.inPlaceCycle() { throw .inPlaceCycle(cycle) }
        return program
    }

    /// The node number of the subschema at `location`, compiling it (and its resource's dynamic anchors) if needed.
    private mutating func node(at location: SchemaLocation) throws(SchemaError) -> Int {
        if let known = nodeAt[location] { return known }
        depth += 1
        defer { depth -= 1 }
        guard depth <= SchemaCompiler.maximumDepth else {
            throw .tooDeeplyNested(location: "#" + location.pointer.fragment, limit: SchemaCompiler.maximumDepth)
        }
        let number = nodes.count
        nodes.append(nil)
        nodeAt[location] = number
        let place = index.place(of: location)
        let resource = try resourceNumber(for: place)
        let relative = JSONPointer(Array(location.pointer.tokens.dropFirst(place.resourceRoot.pointer.tokens.count)))
        let absolute = place.baseURI + "#" + relative.fragment
        let body: SchemaNode.Body
        switch index.value(at: location) {
        case .bool(let flag)?:
            body = .constant(flag)
        case .object(let members)?:
            let reader = KeywordReader(members: members, location: location, place: place, absoluteLocation: absolute,
                                       assertsFormat: assertsFormat)
            body = .keywords(try compileKeywords(reader))
        default:
            throw .invalidKeyword(location: absolute, keyword: location.pointer.tokens.last ?? "(root)",
                                  reason: "must be a schema (an object or a boolean)")
        }
        nodes[number] = SchemaNode(body: body, resource: resource, absoluteLocation: absolute)
        return number
    }

    /// The number of the resource `place` belongs to; the first time, its dynamic anchors are compiled too, so any
    /// resource a `$dynamicRef`'s scope can contain has them ready.
    private mutating func resourceNumber(for place: SchemaPlace) throws(SchemaError) -> Int {
        if let known = resourceNumbers[place.baseURI] { return known }
        let number = dynamicAnchors.count
        resourceNumbers[place.baseURI] = number
        dynamicAnchors.append([:])
        for (name, location) in index.dynamicAnchors[place.baseURI] ?? [:] {
            let anchorNode = try node(at: location)
            dynamicAnchors[number][name] = anchorNode
        }
        return number
    }

    private mutating func compileKeywords(_ reader: KeywordReader) throws(SchemaError) -> [SchemaKeyword] {
        var keywords: [SchemaKeyword] = []
        keywords += try reader.assertionKeywords()
        try appendReferences(reader, to: &keywords)
        try appendApplicators(reader, to: &keywords)
        if reader.uses(.unevaluated), reader.has("unevaluatedItems") {
            keywords.append(.unevaluatedItems(try subschema(reader, "unevaluatedItems")))
        }
        if reader.uses(.unevaluated), reader.has("unevaluatedProperties") {
            keywords.append(.unevaluatedProperties(try subschema(reader, "unevaluatedProperties")))
        }
        return keywords
    }

    private mutating func appendReferences(_ reader: KeywordReader, to keywords: inout [SchemaKeyword]) throws(SchemaError) {
        if let reference = try reader.string("$ref") {
            let uri = SchemaURI.resolve(reference, against: reader.place.baseURI)
            let target = try index.locate(uri, reference: reference, from: reader.absoluteLocation + "/$ref")
            keywords.append(.ref(try node(at: target.location)))
        }
        if let reference = try reader.string("$dynamicRef") {
            let uri = SchemaURI.resolve(reference, against: reader.place.baseURI)
            let target = try index.locate(uri, reference: reference, from: reader.absoluteLocation + "/$dynamicRef")
            keywords.append(.dynamicRef(try node(at: target.location), dynamicAnchor: target.dynamicAnchor))
        }
    }

    private mutating func appendApplicators(_ reader: KeywordReader, to keywords: inout [SchemaKeyword]) throws(SchemaError) {
        guard reader.uses(.applicator) else { return }
        for (name, make) in [("allOf", SchemaKeyword.allOf), ("anyOf", SchemaKeyword.anyOf), ("oneOf", SchemaKeyword.oneOf)]
        where reader.has(name) {
            keywords.append(make(try subschemaList(reader, name)))
        }
        if reader.has("not") { keywords.append(.not(try subschema(reader, "not"))) }
        if reader.has("if") {
            let thenNode = reader.has("then") ? try subschema(reader, "then") : nil
            let elseNode = reader.has("else") ? try subschema(reader, "else") : nil
            keywords.append(.conditional(if: try subschema(reader, "if"), then: thenNode, else: elseNode))
        }
        if reader.has("dependentSchemas") {
            keywords.append(.dependentSchemas(try subschemaMap(reader, "dependentSchemas")))
        }
        var prefixCount = 0
        if reader.has("prefixItems") {
            let prefix = try subschemaList(reader, "prefixItems")
            prefixCount = prefix.count
            keywords.append(.prefixItems(prefix))
        }
        if reader.has("items") { keywords.append(.items(try subschema(reader, "items"), firstIndex: prefixCount)) }
        if reader.has("contains") {
            let validates = reader.uses(.validation)
            let minimum = validates ? try reader.count("minContains") ?? 1 : 1
            let maximum = validates ? try reader.count("maxContains") : nil
            keywords.append(.contains(try subschema(reader, "contains"), minimum: minimum, maximum: maximum))
        }
        var declared: [String: Int] = [:]
        if reader.has("properties") {
            declared = try subschemaMap(reader, "properties")
            keywords.append(.properties(declared))
        }
        var patterns: [PatternSubschema] = []
        if reader.has("patternProperties") {
            for (source, node) in try subschemaMap(reader, "patternProperties").sorted(by: { $0.key < $1.key }) {
                patterns.append(PatternSubschema(pattern: try reader.pattern(source, keyword: "patternProperties"), node: node))
            }
            keywords.append(.patternProperties(patterns))
        }
        if reader.has("additionalProperties") {
            keywords.append(.additionalProperties(try subschema(reader, "additionalProperties"), declared: Set(declared.keys),
                                                  patterns: patterns.map(\.pattern)))
        }
        if reader.has("propertyNames") { keywords.append(.propertyNames(try subschema(reader, "propertyNames"))) }
    }

    private mutating func subschema(_ reader: KeywordReader, _ keyword: String) throws(SchemaError) -> Int {
        try node(at: reader.location.appending(keyword))
    }

    private mutating func subschemaList(_ reader: KeywordReader, _ keyword: String) throws(SchemaError) -> [Int] {
        guard let items = reader.members[keyword]?.arrayValue else { throw reader.invalid(keyword, "must be an array of schemas") }
        var numbers: [Int] = []
        for offset in items.indices { numbers.append(try node(at: reader.location.appending(keyword, offset))) }
        return numbers
    }

    private mutating func subschemaMap(_ reader: KeywordReader, _ keyword: String) throws(SchemaError) -> [String: Int] {
        guard let members = reader.members[keyword]?.objectValue else { throw reader.invalid(keyword, "must be an object of schemas") }
        var numbers: [String: Int] = [:]
        for name in members.keys { numbers[name] = try node(at: reader.location.appending(keyword, name)) }
        return numbers
    }
}
