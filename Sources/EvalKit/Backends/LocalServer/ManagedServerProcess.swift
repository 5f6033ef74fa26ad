import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A local HTTP server evalctl starts for a run and always stops afterwards, also on errors and Ctrl-C: the llama.cpp
/// server, or the bundled stub.
///
/// It listens on a free loopback port; `start` returns once `healthPath` answers a status `isReady` accepts.
public actor ManagedServerProcess {
    public let binary: String
    /// What the server is called in messages ("the llama.cpp server").
    public let label: String
    let arguments: @Sendable (_ port: Int) -> [String]
    let healthPath: String
    let isReady: @Sendable (_ status: Int) -> Bool
    public let startupTimeout: Double
    private var process: Process?
    private var logURL: URL?

    public init(binary: String, label: String, healthPath: String, startupTimeout: Double,
                arguments: @escaping @Sendable (Int) -> [String], isReady: @escaping @Sendable (Int) -> Bool) {
        self.binary = binary
        self.label = label
        self.healthPath = healthPath
        self.startupTimeout = startupTimeout
        self.arguments = arguments
        self.isReady = isReady
    }

    /// Starts the server and waits until it is ready; returns its base URL.
    public func start() async throws -> URL {
        let port = try Self.freeLoopbackPort()
        let name = URL(fileURLWithPath: binary).lastPathComponent
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("evalctl-\(name)-\(getpid())-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments(port)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BackendError.serverStart("cannot run \(binary): \(error.localizedDescription)")
        }
        self.process = process
        logURL = log
        ChildProcessRegistry.shared.add(process.processIdentifier)
        let baseURL = URL(string: "http://127.0.0.1:\(port)")!
        do {
            try await waitUntilReady(baseURL)
        } catch {
            await stop()
            throw error
        }
        return baseURL
    }

    private func waitUntilReady(_ baseURL: URL) async throws {
        let deadline = ContinuousClock.now + .seconds(startupTimeout)
        let health = baseURL.appendingPathComponent(healthPath)
        // One transport for all polls: each one is a URLSession and a deadline timer, too much to build 10 times a second.
        let transport = HTTPTransport(maxConnections: 1)
        defer { transport.close() }
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            if let process, !process.isRunning {
                throw BackendError.serverStart("\(label) exited with status \(process.terminationStatus) while starting:\n\(logTail())")
            }
            if let status = await Self.status(of: health, using: transport), isReady(status) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BackendError.serverStart("\(label) did not become ready within \(Int(startupTimeout)) s:\n\(logTail())")
    }

    /// The status `url` answers with, or nil when nothing answers.
    private static func status(of url: URL, using transport: HTTPTransport) async -> Int? {
        do {
            for try await event in transport.events(for: URLRequest(url: url), timeout: 2) {
                if case .head(let status, _, _) = event { return status }
            }
        } catch {}
        return nil
    }

    /// Stops the server: SIGTERM, then SIGKILL if it has not exited within five seconds.
    public func stop() async {
        guard let process else { return }
        self.process = nil
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        ChildProcessRegistry.shared.remove(process.processIdentifier)
        if let logURL { try? FileManager.default.removeItem(at: logURL) }
    }

    private func logTail() -> String {
        guard let logURL, let text = try? String(contentsOf: logURL, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    /// Asks the kernel for a free port on 127.0.0.1 by binding port 0.
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BackendError.serverStart("cannot open a socket to find a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw BackendError.serverStart("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
