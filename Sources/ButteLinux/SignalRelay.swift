// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Turns signals sent to this process into bytes on a pipe, so a thread can read them and pass them on
/// (e.g. `butte run` forwarding Ctrl-C to its container). The handler is C: it only writes one byte.
///
/// There is one relay per process; installing replaces the previous one.
public struct SignalRelay: Sendable {
    /// The signals relayed.
    public let signals: [Int32]
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Installs handlers for `signals`.
    ///
    /// - Throws: `LinuxError` when the pipe or a handler cannot be set up.
    public init(signals: [Int32]) throws(LinuxError) {
        var fds: [Int32] = [-1, -1]
        _ = try shim("pipe2") { clinux_pipe2(&fds, O_CLOEXEC) }
        // The handler must never block: a full pipe drops a signal instead.
        _ = try sys("fcntl", "O_NONBLOCK") { fcntl(fds[1], F_SETFL, O_NONBLOCK) }
        self.signals = signals
        self.readEnd = fds[0]
        self.writeEnd = fds[1]
        let r = signals.withUnsafeBufferPointer { clinux_signal_relay_install(fds[1], $0.baseAddress, Int32($0.count)) }
        if r < 0 { throw LinuxError(call: "sigaction", errno: Errno(rawValue: -r)) }
        // A parent may start us with these signals blocked (the mask survives execve); unblock them on this
        // thread, and so on the threads it starts, or the handlers would never run.
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        let m = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        if m != 0 { throw LinuxError(call: "pthread_sigmask", errno: Errno(rawValue: m)) }
    }

    /// Blocks until a signal arrives and returns its number. Call it on a dedicated thread.
    public func next() -> Int32 {
        var byte: UInt8 = 0
        while true {
            let n = read(readEnd, &byte, 1)
            if n == 1 { return Int32(byte) }
            if n < 0 && errno == EINTR { continue }
            // The read end is ours alone and never closed while a reader waits; anything else is a bug.
            preconditionFailure("signal relay pipe failed: \(errno)")
        }
    }

    /// Puts the default handlers back.
    public func remove() {
        _ = signals.withUnsafeBufferPointer { clinux_signal_relay_remove($0.baseAddress, Int32($0.count)) }
    }
}
