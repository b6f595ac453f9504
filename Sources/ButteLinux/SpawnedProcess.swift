// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The first process of a launch that got as far as `execve` of its command.
public struct SpawnedProcess: Hashable, Sendable {
    /// Its pid in the caller's pid namespace.
    public var pid: Int32
    /// Its pidfd.
    public var pidfd: Pidfd
    /// The read end of the status pipe when the plan runs an init: the init writes the command's wait status
    /// there before it exits.
    public var statusDescriptor: Int32?

    /// Creates the value.
    public init(pid: Int32, pidfd: Pidfd, statusDescriptor: Int32?) {
        self.pid = pid
        self.pidfd = pidfd
        self.statusDescriptor = statusDescriptor
    }

    /// Blocks until the process ends, reaps it and closes the status pipe. With an init, returns how the
    /// command ended (as the init reported it); when the init itself was killed, how the init ended.
    /// Call it on a dedicated thread. The pidfd stays open (signals to it now fail with ESRCH) until the
    /// caller closes it, so a concurrent `send(signal:)` can never hit a reused descriptor.
    ///
    /// - Throws: `LinuxError` when waiting fails.
    public func waitForExit() throws(LinuxError) -> ProcessTermination {
        defer {
            if let fd = statusDescriptor { _ = close(fd) }
        }
        let first = try pidfd.wait()
        guard let fd = statusDescriptor else { return first }
        var word: Int32 = 0
        let n = withUnsafeMutableBytes(of: &word) { buffer -> Int in
            while true {
                let r = read(fd, buffer.baseAddress, buffer.count)
                if r < 0 && errno == EINTR { continue }
                return r
            }
        }
        return n == MemoryLayout<Int32>.size ? ProcessTermination(waitStatus: word) : first
    }
}
