/// Failures of the raw test client.
enum StubTestClientError: Error, CustomStringConvertible {
    case systemCall(String, Int32)
    case timedOut
    case closedBeforeResponse
    case malformedResponse(String)

    var description: String {
        switch self {
        case .systemCall(let call, let number): return "\(call) failed with errno \(number)"
        case .timedOut: return "timed out waiting for the server"
        case .closedBeforeResponse: return "connection closed before a response arrived"
        case .malformedResponse(let detail): return "malformed response: \(detail)"
        }
    }
}
