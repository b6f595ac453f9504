// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A process file descriptor: signals and waits reach exactly the process it was made for, even after its
/// pid is reused.
public struct Pidfd: Hashable, Sendable {
    /// The descriptor.
    public let rawValue: Int32

    /// Wraps a pidfd.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Sends `signal` (`pidfd_send_signal`). Sending to a process that already ended but was not waited for
    /// succeeds; after the wait it fails with ESRCH.
    ///
    /// - Throws: `LinuxError`.
    public func send(signal: Int32) throws(LinuxError) {
        _ = try shim("pidfd_send_signal", String(signal)) { clinux_pidfd_send_signal(rawValue, signal) }
    }

    /// Blocks until the process ends and reaps it (`waitid(P_PIDFD)`). Call it on a dedicated thread, never
    /// on the concurrency pool.
    ///
    /// - Throws: `LinuxError`.
    public func wait() throws(LinuxError) -> ProcessTermination {
        var code: Int32 = 0
        var status: Int32 = 0
        _ = try shim("waitid", "P_PIDFD") { clinux_pidfd_wait(rawValue, &code, &status) }
        // CLD_EXITED is 1; CLD_KILLED (2) and CLD_DUMPED (3) carry the signal.
        return code == 1 ? .exited(status) : .signaled(status)
    }

    /// Closes the descriptor.
    public func close() {
        _ = Glibc.close(rawValue)
    }
}
