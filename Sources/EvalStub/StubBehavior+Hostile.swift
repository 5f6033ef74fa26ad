import Foundation

/// Behaviours of servers evalctl does not control: gateways that echo credentials, answers that never end.
extension StubBehavior {
    /// The request's header lines as a gateway's debug dump would show them (`Authorization: Bearer …` included).
    static func headerDump(_ request: StubRequest) -> String {
        request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }

    /// An error status whose OpenAI-shaped body echoes every request header, and a plain-text copy after it.
    public static func echoHeadersInError(status: Int) -> StubBehavior {
        StubBehavior { request in
            let dump = headerDump(request)
            let error = OpenAIWireError(status: status, message: "upstream rejected the request; headers were: \(dump)",
                                        type: "gateway_error", code: "gateway_debug")
            return OpenAIWire.errorResponse(error)
        }
    }

    /// An error status whose body is not JSON: the raw request head, as some proxies answer.
    public static func echoHeadersAsText(status: Int) -> StubBehavior {
        StubBehavior { request in
            let lines = request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            return .text("\(request.method) \(request.path)\n" + lines.joined(separator: "\n"), status: status)
        }
    }

    /// A 200 stream that starts answering, then sends an `error` event echoing the request headers.
    public static func echoHeadersInStreamError() -> StubBehavior {
        StubBehavior { request in
            let dump = headerDump(request)
            let chunk = #"{"id":"chatcmpl-x","object":"chat.completion.chunk","created":1,"model":"gpt-stub","choices":[{"index":0,"delta":{"role":"assistant","content":"Par"},"finish_reason":null}]}"#
            let error = #"{"error":{"message":"# + OrderedJSON.quoted("stream failed; request headers: \(dump)")
                + #","type":"server_error","param":null,"code":null}}"#
            return .stream(status: 200, headers: ["Content-Type": "text/event-stream"],
                           events: [StubStreamEvent(data: OpenAIWire.sseEvent(chunk)), StubStreamEvent(data: OpenAIWire.sseEvent(error))])
        }
    }

    /// A `chat.completion` body of about `bytes` bytes (one huge content string), or a stream whose one content
    /// delta never ends (`bytes` nil): an SSE line without end.
    public static func hugeAnswer(bytes: Int?, streamed: Bool) -> StubBehavior {
        if streamed {
            let prefix = #"data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1,"model":"gpt-stub","choices":[{"index":0,"delta":{"content":""#
            return .respond(.flood(headers: ["Content-Type": "text/event-stream"], prefix: Data(prefix.utf8),
                                   filler: Data("aaaaaaaa".utf8), totalBytes: bytes))
        }
        let prefix = #"{"id":"chatcmpl-x","object":"chat.completion","created":1,"model":"gpt-stub","choices":[{"index":0,"message":{"role":"assistant","content":""#
        return .respond(.flood(headers: ["Content-Type": "application/json"], prefix: Data(prefix.utf8),
                               filler: Data("aaaaaaaa".utf8), totalBytes: bytes))
    }

    /// A 200 whose body is cut or garbled JSON, as a flaky proxy sends.
    public static func malformedSuccess() -> StubBehavior {
        .respond(.full(status: 200, headers: ["Content-Type": "application/json"],
                       body: Data(#"{"id":"chatcmpl-x","object":"chat.completion","choices":[{"index":0,"mess"#.utf8)))
    }
}
