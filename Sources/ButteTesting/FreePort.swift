// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Free TCP ports on 127.0.0.1 for test servers.
///
/// The kernel picks a port by binding port 0; the port is then closed again and handed to a server
/// started shortly after. Every port handed out is remembered for the life of the test process, so
/// fixtures started concurrently (or one restarting a member later) never get the same port twice.
public enum FreePort {
    private static let handedOut = Mutex<Set<UInt16>>([])

    /// Returns one free port that no earlier call of this process returned.
    /// - Throws: `FixtureError` with code `.io` when no socket can be bound.
    public static func next() throws -> UInt16 {
        for _ in 0..<200 {
            let port = try bindEphemeral()
            let isNew = handedOut.withLock { $0.insert(port).inserted }
            if isNew { return port }
        }
        throw FixtureError(.io, "no new free port on 127.0.0.1 after 200 tries")
    }

    /// Returns `count` distinct free ports.
    public static func next(_ count: Int) throws -> [UInt16] {
        try (0..<count).map { _ in try next() }
    }

    /// Binds a fresh socket to 127.0.0.1:0 and returns the port the kernel chose.
    private static func bindEphemeral() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FixtureError(.io, "socket(AF_INET): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = TCPProbe.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw FixtureError(.io, "bind(127.0.0.1:0): \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw FixtureError(.io, "getsockname: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }
}
