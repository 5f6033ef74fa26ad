import Foundation

/// Raw request texts for the socket client.
enum StubTestRequests {
    static func chatBody(
        _ userText: String = "Say hello",
        model: String = "gpt-4o-mini",
        stream: Bool = false,
        includeUsage: Bool = false
    ) -> String {
        var object: [String: Any] = [
            "model": model,
            "messages": [
                ["role": "system", "content": "You are terse."],
                ["role": "user", "content": userText],
            ],
        ]
        if stream { object["stream"] = true }
        if includeUsage { object["stream_options"] = ["include_usage": true] }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func post(_ body: String, path: String = "/v1/chat/completions", extraHeaders: [String] = []) -> String {
        var text = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        for header in extraHeaders { text += header + "\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        return text
    }

    static func get(_ path: String, extraHeaders: [String] = []) -> String {
        var text = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for header in extraHeaders { text += header + "\r\n" }
        return text + "\r\n"
    }
}
