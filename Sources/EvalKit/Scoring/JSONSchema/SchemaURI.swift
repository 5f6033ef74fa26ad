/// URI references as `$id`, `$ref` and `$schema` use them: split into parts and resolved against a base (RFC 3986 §5).
///
/// Foundation's `URL(string:relativeTo:)` mishandles URNs and empty bases, both of which JSON Schema uses
/// (`urn:uuid:…#/$defs/x`, a schema with no retrieval URI), so resolution is written out here.
struct SchemaURI: Hashable, Sendable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    /// Splits `text` with the regular expression of RFC 3986 appendix B.
    init(parsing text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].isEmpty, !rest[..<colon].contains(where: { "/?#".contains($0) }) {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        path = String(rest)
    }

    private init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// The reference resolved against `base` (RFC 3986 §5.2.2); with an empty base the reference stays relative.
    static func resolve(_ reference: String, against base: String) -> String {
        let ref = SchemaURI(parsing: reference)
        let base = SchemaURI(parsing: base)
        var target: SchemaURI
        if ref.scheme != nil {
            target = SchemaURI(scheme: ref.scheme, authority: ref.authority, path: removeDotSegments(ref.path), query: ref.query, fragment: nil)
        } else if ref.authority != nil {
            target = SchemaURI(scheme: base.scheme, authority: ref.authority, path: removeDotSegments(ref.path), query: ref.query, fragment: nil)
        } else if ref.path.isEmpty {
            target = SchemaURI(scheme: base.scheme, authority: base.authority, path: base.path, query: ref.query ?? base.query, fragment: nil)
        } else {
            let path = ref.path.hasPrefix("/") ? ref.path : merge(base: base, path: ref.path)
            target = SchemaURI(scheme: base.scheme, authority: base.authority, path: removeDotSegments(path), query: ref.query, fragment: nil)
        }
        target.fragment = ref.fragment
        return target.text
    }

    /// Splits `uri` into the part before `#` and the fragment, dropping an empty fragment.
    static func splitFragment(_ uri: String) -> (resource: String, fragment: String) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }

    /// `uri` without its fragment: the key a schema resource is registered under.
    static func withoutFragment(_ uri: String) -> String {
        splitFragment(uri).resource
    }

    var text: String {
        var out = ""
        if let scheme { out += scheme + ":" }
        if let authority { out += "//" + authority }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    private static func merge(base: SchemaURI, path: String) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    /// RFC 3986 §5.2.4, on whole segments.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        let absolute = path.hasPrefix("/")
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let body = absolute ? segments.dropFirst() : segments[...]
        for (offset, segment) in body.enumerated() {
            let isLast = offset == body.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }
}
