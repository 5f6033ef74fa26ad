/// What the stub does with a connection after answering a request on it: the kinds of server a client meets.
public enum StubConnectionPolicy: Sendable {
    /// Keeps the connection open when the client asks for keep-alive (HTTP/1.1's default).
    case keepAlive
    /// Answers with `Connection: close` and closes, as llama.cpp's server does.
    case closeEach
    /// Advertises keep-alive, but closes the connection without answering when a second request arrives on it: a
    /// server whose idle timeout ran out just as the client reused the connection.
    case closeOnReuse
}
