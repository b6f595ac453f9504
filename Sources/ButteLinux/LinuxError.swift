// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A failed system call, with the call's name and what it acted on.
public struct LinuxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed ("capget", "open").
    public var call: String
    /// The errno it failed with.
    public var errno: Errno
    /// The path or id the call acted on, when there is one.
    public var subject: String?

    /// Creates an error for `call` failing with `errno` on `subject`.
    public init(call: String, errno: Errno, subject: String? = nil) {
        self.call = call
        self.errno = errno
        self.subject = subject
    }

    /// "call(subject): message (number)".
    public var description: String {
        "\(call)(\(subject ?? "")): \(errno) (\(errno.rawValue))"
    }
}

/// Runs a call that returns -1 and sets `errno` on failure; retries `EINTR` and throws everything else.
@inline(__always)
package func sys<T: FixedWidthInteger>(_ call: String, _ subject: String? = nil, _ body: () -> T) throws(LinuxError) -> T {
    while true {
        let r = body()
        if r != -1 { return r }
        let e = errno
        if e == EINTR { continue }
        precondition(e != EFAULT, "\(call): bad pointer")
        throw LinuxError(call: call, errno: Errno(rawValue: e), subject: subject)
    }
}

/// Checks the result of a C shim that returns -errno on failure; throws it as a `LinuxError` for `call`.
@inline(__always)
package func shim<T: FixedWidthInteger & SignedInteger>(_ call: String, _ subject: String? = nil, _ body: () -> T) throws(LinuxError) -> T {
    while true {
        let r = body()
        if r >= 0 { return r }
        let e = Int32(truncatingIfNeeded: -r)
        if e == EINTR { continue }
        precondition(e != EFAULT, "\(call): bad pointer")
        throw LinuxError(call: call, errno: Errno(rawValue: e), subject: subject)
    }
}
