internal import CYaml

/// A pass over a YAML file's parse events before Yams builds its node tree, rejecting what would make building or
/// walking the tree blow up: alias "bombs" (a few lines of nested anchors and aliases that expand to billions of
/// nodes), nesting deep enough to exhaust the stack, mapping keys that are not plain text (Yams hashes every key
/// whole, so an aliased collection as a key costs its expanded size in time), and duplicate keys (with both lines).
///
/// Sizes are counted with aliases expanded, as anything that later reads the values sees them; each anchor's size is
/// remembered when its node ends, so the pass is linear in the file's length however the aliases nest.
struct YAMLPreflight {
    /// What no honest evalctl file comes near: a prompt or an eval set has tens of nodes and a few KB of text.
    struct Limits: Sendable {
        var aliases = 1_000
        var nodes = 100_000
        var scalarBytes = 16 * 1024 * 1024
        var depth = 256
    }

    let file: String
    var limits = Limits()

    /// A problem at the first offending event, or nothing; syntax errors are left to the parser that builds the tree,
    /// which reports them in its own words.
    func check(_ text: String) throws(InputProblem) {
        let problem = text.utf8.withContiguousStorageIfAvailable { bytes in scan(bytes) }
            ?? Array(text.utf8).withUnsafeBufferPointer { bytes in scan(bytes) }
        if let problem { throw problem }
    }

    private struct Size {
        var nodes = 0
        var scalarBytes = 0
    }

    private struct Anchored {
        var size: Size
        /// The text of a scalar, so an alias used as a mapping key can be checked for duplicates; nil for collections.
        var scalar: String?
    }

    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        var size = Size(nodes: 1)
        var expectingKey = true
        var keyLines: [String: Int] = [:]
    }

    private struct State {
        var stack: [Frame] = []
        var anchors: [String: Anchored] = [:]
        var total = Size()
        var aliases = 0

        /// Whether the node that starts now is a key of the innermost mapping.
        var expectingKey: Bool { stack.last.map { $0.isMapping && $0.expectingKey } ?? false }

        /// Records that a node of the innermost collection started: in a mapping, keys and values alternate.
        mutating func nodeStarted() {
            guard let top = stack.indices.last, stack[top].isMapping else { return }
            stack[top].expectingKey.toggle()
        }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> InputProblem? {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, start, bytes.count)
        var state = State()
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return nil }
            if let problem = visit(&event, &state) { return problem }
        }
    }

    private func visit(_ event: inout yaml_event_t, _ state: inout State) -> InputProblem? {
        let line = Int(event.start_mark.line) + 1
        func problem(_ message: String) -> InputProblem { InputProblem(file: file, line: line, message: message) }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            state.anchors = [:]
            return nil
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let anchor = Self.string(scalar.anchor)
            let isKey = state.expectingKey
            let text = isKey || anchor != nil ? Self.string(scalar.value, length: Int(scalar.length)) : ""
            if isKey, let keyProblem = key(.text(text), line: line, &state) { return keyProblem }
            state.nodeStarted()
            let size = Size(nodes: 1, scalarBytes: Int(scalar.length))
            if let anchor { state.anchors[anchor] = Anchored(size: size, scalar: text) }
            return add(size, line: line, &state)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            state.aliases += 1
            if state.aliases > limits.aliases {
                return problem("more than \(limits.aliases) alias references (*name); evalctl refuses files that expand this much")
            }
            // An undefined alias is left to the parser that builds the tree, which names it.
            guard let anchored = state.anchors[name] else { return nil }
            if state.expectingKey {
                let keyNode: KeyNode = anchored.scalar.map { .text($0) } ?? .collection(alias: name)
                if let keyProblem = key(keyNode, line: line, &state) { return keyProblem }
            }
            state.nodeStarted()
            return add(anchored.size, line: line, &state, alias: name)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            if state.expectingKey, let keyProblem = key(.collection(alias: nil), line: line, &state) { return keyProblem }
            state.nodeStarted()
            if state.stack.count >= limits.depth {
                return problem("nested more than \(limits.depth) levels deep")
            }
            let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            state.stack.append(Frame(isMapping: isMapping, anchor: anchor))
            return add(Size(nodes: 1), line: line, &state, toFrames: false)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = state.stack.popLast() else { return nil }
            if let anchor = frame.anchor { state.anchors[anchor] = Anchored(size: frame.size, scalar: nil) }
            if !state.stack.isEmpty {
                state.stack[state.stack.count - 1].size.nodes += frame.size.nodes
                state.stack[state.stack.count - 1].size.scalarBytes += frame.size.scalarBytes
            }
            return nil
        default:
            return nil
        }
    }

    private enum KeyNode {
        case text(String)
        case collection(alias: String?)
    }

    /// Checks a mapping key: plain text (possibly through an alias), and not already a key of the same mapping.
    private func key(_ node: KeyNode, line: Int, _ state: inout State) -> InputProblem? {
        switch node {
        case .collection(let alias):
            let what = alias.map { "the alias *\($0), which names a list or mapping" } ?? "a list or mapping"
            return InputProblem(file: file, line: line, message: "a mapping key must be plain text, found \(what)")
        case .text(let text):
            let top = state.stack.count - 1
            if let first = state.stack[top].keyLines[text] {
                return InputProblem(file: file, line: line, message: "duplicate key '\(text)' (first at line \(first))")
            }
            state.stack[top].keyLines[text] = line
            return nil
        }
    }

    /// Adds a node's expanded size to the document and to every open collection, which will hold it.
    private func add(_ size: Size, line: Int, _ state: inout State, alias: String? = nil, toFrames: Bool = true) -> InputProblem? {
        state.total.nodes += size.nodes
        state.total.scalarBytes += size.scalarBytes
        if toFrames, !state.stack.isEmpty {
            state.stack[state.stack.count - 1].size.nodes += size.nodes
            state.stack[state.stack.count - 1].size.scalarBytes += size.scalarBytes
        }
        let at = alias.map { " (at alias *\($0))" } ?? ""
        if state.total.nodes > limits.nodes {
            return InputProblem(file: file, line: line, message: "the document holds more than \(limits.nodes) values once aliases are expanded\(at); evalctl refuses files that expand this much")
        }
        if state.total.scalarBytes > limits.scalarBytes {
            return InputProblem(file: file, line: line, message: "the document holds more than \(limits.scalarBytes / 1024 / 1024) MiB of text once aliases are expanded\(at); evalctl refuses files that expand this much")
        }
        return nil
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
