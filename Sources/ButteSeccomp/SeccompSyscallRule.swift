// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One rule of a profile: calls named in `names` whose arguments satisfy every comparison in `args` get `action`
/// (the OCI runtime-spec `LinuxSyscall`).
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public struct SeccompSyscallRule: Hashable, Sendable, Codable {
    /// Syscall names ("read", "clone3").
    public var names: [String]
    /// What happens to a matching call.
    public var action: SeccompAction
    /// The errno for `SCMP_ACT_ERRNO` or the message for `SCMP_ACT_TRACE` (EPERM when nil).
    public var errnoRet: UInt32?
    /// Argument comparisons that must all hold; nil or empty matches every call.
    public var args: [SeccompArgument]?

    /// Creates a rule.
    public init(names: [String], action: SeccompAction, errnoRet: UInt32? = nil, args: [SeccompArgument]? = nil) {
        self.names = names
        self.action = action
        self.errnoRet = errnoRet
        self.args = args
    }
}
