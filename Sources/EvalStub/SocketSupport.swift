#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX socket calls the server needs, hiding the Glibc/Darwin differences.
enum SocketSupport {
    /// `send` flags that stop a write to a closed peer from raising SIGPIPE (Linux).
    static var sendFlags: Int32 {
        #if os(Linux)
        return Int32(MSG_NOSIGNAL)
        #else
        return 0
        #endif
    }

    static var streamSocketType: Int32 {
        #if os(Linux)
        return Int32(SOCK_STREAM.rawValue)
        #else
        return SOCK_STREAM
        #endif
    }

    /// Sends every byte, retrying partial writes and EINTR. Returns false once the peer is gone.
    static func sendAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let sent = send(fd, pointer, remaining, sendFlags)
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            remaining -= sent
            pointer += sent
        }
        return true
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { sendAll(fd, $0) }
    }

    static func setCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    static func setNonBlocking(_ fd: Int32, _ enabled: Bool) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return }
        _ = fcntl(fd, F_SETFL, enabled ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK))
    }

    static func setIntOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Prepares an accepted connection: blocking I/O, no Nagle delay, no SIGPIPE, close-on-exec.
    static func configureAcceptedSocket(_ fd: Int32) {
        setCloseOnExec(fd)
        setNonBlocking(fd, false)
        setIntOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        #if !os(Linux)
        setIntOption(fd, level: SOL_SOCKET, name: SO_NOSIGPIPE, value: 1)
        #endif
    }

    /// Waits for any of `fds` to become readable (or hang up) for at most `timeoutMilliseconds`
    /// (-1 waits forever). Returns the `revents` of each descriptor, all zero on timeout.
    static func waitReadable(_ fds: [Int32], timeoutMilliseconds: Int32) -> [Int16] {
        var pollSet = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let result = pollSet.withUnsafeMutableBufferPointer {
                poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds)
            }
            if result < 0 && errno == EINTR { continue }
            return pollSet.map(\.revents)
        }
    }

    /// Converts a duration to whole milliseconds for `poll`, rounding up so a delay is never short.
    static func pollMilliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }
}
