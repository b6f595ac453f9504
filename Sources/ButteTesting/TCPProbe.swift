// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Plain TCP checks against servers on 127.0.0.1: is a port open, and a one-shot
/// request/response exchange such as ZooKeeper's four-letter commands.
public enum TCPProbe {
    /// True when something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(port: UInt16) -> Bool {
        guard let fd = try? connected(port: port, timeout: .seconds(2)) else { return false }
        close(fd)
        return true
    }

    /// Connects to 127.0.0.1:`port`, writes `message`, and returns everything the server sends
    /// until it closes the connection.
    ///
    /// Runs on a Dispatch thread, so the blocking socket calls never hold a concurrency-pool thread.
    /// - Throws: `FixtureError` with code `.io` when the connection is refused, or the server stays
    ///   silent for longer than `timeout`.
    public static func exchange(port: UInt16, message: String, timeout: Duration = .seconds(5)) async throws -> String {
        String(decoding: try await exchange(port: port, bytes: Array(message.utf8), timeout: timeout), as: UTF8.self)
    }

    /// Connects to 127.0.0.1:`port`, writes `bytes`, and returns everything the server sends until
    /// it closes the connection.
    public static func exchange(port: UInt16, bytes: [UInt8], timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        try await OwnThread.run { Result { try exchangeBlocking(port: port, bytes: bytes, timeout: timeout) } }.get()
    }

    /// The address 127.0.0.1:`port`.
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        return address
    }

    private static func exchangeBlocking(port: UInt16, bytes: [UInt8], timeout: Duration) throws -> [UInt8] {
        let fd = try connected(port: port, timeout: timeout)
        defer { close(fd) }
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", port)
            }
            offset += written
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    throw FixtureError(.io, "127.0.0.1:\(port) sent nothing for \(timeout)")
                }
                throw failure("read", port)
            }
            reply.append(contentsOf: buffer[0..<count])
        }
        return reply
    }

    private static func connected(port: UInt16, timeout: Duration) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket", port) }
        let seconds = timeout.components.seconds
        let micros = timeout.components.attoseconds / 1_000_000_000_000
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(micros))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        while true {
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if result == 0 { return fd }
            if errno == EINTR { continue }
            let error = failure("connect", port)
            close(fd)
            throw error
        }
    }

    private static func failure(_ call: String, _ port: UInt16) -> FixtureError {
        FixtureError(.io, "\(call) to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
    }
}
