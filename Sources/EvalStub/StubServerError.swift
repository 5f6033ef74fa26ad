#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a `StubHTTPServer` could not start.
public enum StubServerError: Error, CustomStringConvertible, Sendable {
    /// The host is not an IPv4 address literal (or `localhost`).
    case invalidHost(String)
    /// The port is outside 0...65535.
    case invalidPort(Int)
    /// A socket system call failed; `errorNumber` is the `errno` it left.
    case socketCallFailed(call: String, errorNumber: Int32)

    /// A one-line explanation, including the system's error text.
    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "invalid host \(host): expected an IPv4 address such as 127.0.0.1"
        case .invalidPort(let port):
            return "invalid port \(port): expected 0...65535"
        case .socketCallFailed(let call, let errorNumber):
            return "\(call) failed: \(String(cString: strerror(errorNumber))) (errno \(errorNumber))"
        }
    }
}
