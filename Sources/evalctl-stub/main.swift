// evalctl-stub: a local server that impersonates the OpenAI chat-completions and Anthropic Messages APIs for evals
// and benchmarks. Prints `listening on http://127.0.0.1:PORT` once ready; serves until
// SIGTERM or SIGINT.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvalStub
import Foundation

let usage = """
    usage: evalctl-stub [--port N] [--delay-ms N] [--stream-delay-ms N] [--answer-mode echo|expected-tag|fixed:TEXT]

      --port N              port to listen on, on 127.0.0.1 (default 0: any free port)
      --delay-ms N          wait before each answer, or before the first chunk of a stream (default 0)
      --stream-delay-ms N   wait between streamed content deltas (default 0)
      --answer-mode MODE    echo: the last user message (default)
                            expected-tag: the text inside <expected>...</expected> in the prompt, else echo
                            fixed:TEXT: always TEXT

    Serves POST */chat/completions (OpenAI) and POST */v1/messages (Anthropic), streamed or not as each
    request's "stream" field says.

    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("evalctl-stub: \(message)\n\n\(usage)".utf8))
    exit(64)
}

var port = 0
var delayMilliseconds = 0
var streamDelayMilliseconds = 0
var answerMode = StubAnswerMode.echo

var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    func value() -> String {
        guard let value = arguments.popFirst() else { fail("\(argument) needs a value") }
        return value
    }
    func nonNegativeInteger() -> Int {
        let text = value()
        guard let number = Int(text), number >= 0 else { fail("\(argument) needs a non-negative integer, got \(text)") }
        return number
    }
    switch argument {
    case "--port":
        port = nonNegativeInteger()
    case "--delay-ms":
        delayMilliseconds = nonNegativeInteger()
    case "--stream-delay-ms":
        streamDelayMilliseconds = nonNegativeInteger()
    case "--answer-mode":
        let text = value()
        guard let mode = StubAnswerMode(argument: text) else { fail("unknown answer mode \(text)") }
        answerMode = mode
    case "-h", "--help":
        FileHandle.standardOutput.write(Data(usage.utf8))
        exit(0)
    default:
        fail("unknown argument \(argument)")
    }
}

// Block the stop signals in every thread (server threads inherit this mask) and take them with sigwait.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGTERM)
sigaddset(&stopSignals, SIGINT)
pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
signal(SIGPIPE, SIG_IGN)

let behavior = StubBehavior.chatCompletion(
    answerMode,
    delay: .milliseconds(delayMilliseconds),
    eventDelay: .milliseconds(streamDelayMilliseconds)
)
let server: StubHTTPServer
do {
    server = try StubHTTPServer(port: port) { behavior.response(to: $0) }
} catch {
    FileHandle.standardError.write(Data("evalctl-stub: \(error)\n".utf8))
    exit(1)
}

FileHandle.standardOutput.write(Data("listening on \(server.baseURL.absoluteString)\n".utf8))

var receivedSignal: Int32 = 0
sigwait(&stopSignals, &receivedSignal)
server.stop()
exit(0)
