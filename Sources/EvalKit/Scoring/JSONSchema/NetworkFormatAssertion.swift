#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The network-shaped `format`s: host names, IP addresses, e-mail addresses and URIs (RFC 1123, 2673, 4291, 5321,
/// 3986), checked on ASCII syntax only.
enum NetworkFormatAssertion {
    static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253, text.unicodeScalars.allSatisfy(\.isASCII) else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
            // "--" in the third and fourth place is reserved for A-labels (xn--).
            if label.dropFirst(2).hasPrefix("--"), label.prefix(2).lowercased() != "xn" { return false }
            return label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || FormatAssertion.isDigit($0) || $0 == "-") }
        }
    }

    /// Four decimal octets, no leading zeros.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard let value = FormatAssertion.number(part.unicodeScalars), part.count <= 3 else { return false }
            return value <= 255 && (part.count == 1 || part.first != "0")
        }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0 != "%" }) else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    /// `local@domain`: a dot-atom or quoted local part, and a host name or bracketed IP literal.
    static func isEmail(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, !domain.isEmpty else { return false }
        let localValid: Bool
        if local.count >= 2, local.first == "\"", local.last == "\"" {
            localValid = local.dropFirst().dropLast().unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
        } else {
            let atext = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
            localValid = local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
                !atom.isEmpty && atom.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII && (scalar.properties.isAlphabetic || FormatAssertion.isDigit(scalar) || atext.contains(scalar))
                }
            }
        }
        guard localValid else { return false }
        if domain.hasPrefix("["), domain.hasSuffix("]") {
            let literal = String(domain.dropFirst().dropLast())
            return literal.hasPrefix("IPv6:") ? isIPv6(String(literal.dropFirst(5))) : isIPv4(literal)
        }
        return isHostname(domain)
    }

    /// RFC 3986 syntax: allowed characters, valid percent-escapes, and a well-formed authority when there is one.
    static func isURI(_ text: String, requireScheme: Bool) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() {
            if scalar == "%" {
                guard offset + 2 < scalars.count, scalars[offset + 1].properties.isASCIIHexDigit,
                      scalars[offset + 2].properties.isASCIIHexDigit else { return false }
            } else if !uriCharacters.contains(scalar) {
                return false
            }
        }
        let uri = SchemaURI(parsing: text)
        if let scheme = uri.scheme {
            guard let first = scheme.unicodeScalars.first, first.properties.isAlphabetic,
                  scheme.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || FormatAssertion.isDigit($0) || "+-.".unicodeScalars.contains($0) })
            else { return false }
        } else if requireScheme || uri.path.split(separator: "/").first?.contains(":") == true {
            return false
        }
        if text.filter({ $0 == "#" }).count > 1 { return false }
        let withoutAuthority = uri.path + (uri.query ?? "") + (uri.fragment ?? "")
        guard !withoutAuthority.contains("[") && !withoutAuthority.contains("]") else { return false }
        guard let authority = uri.authority else { return true }
        return isAuthority(authority)
    }

    private static func isAuthority(_ authority: String) -> Bool {
        var hostPort = Substring(authority)
        if authority.filter({ $0 == "@" }).count > 1 { return false }
        if let at = authority.lastIndex(of: "@") {
            guard !authority[..<at].contains("[") && !authority[..<at].contains("]") else { return false }
            hostPort = authority[authority.index(after: at)...]
        }
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return false }
            let literal = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            guard literal.hasPrefix("v") || isIPv6(literal) else { return false }
            let rest = hostPort[hostPort.index(after: close)...]
            return rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCII) && rest.dropFirst().allSatisfy(\.isNumber))
        }
        guard !hostPort.contains("[") && !hostPort.contains("]") else { return false }
        if let colon = hostPort.lastIndex(of: ":") {
            let port = hostPort[hostPort.index(after: colon)...]
            return port.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return true
    }

    private static let uriCharacters = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=".unicodeScalars)
}
