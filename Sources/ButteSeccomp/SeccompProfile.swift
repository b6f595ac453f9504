// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A seccomp profile in the shape of the OCI runtime-spec `LinuxSeccomp` (`linux.seccomp` of config.json).
///
/// Encoded and decoded with the spec's JSON field names; optional fields absent from the JSON stay nil and
/// are left out again when encoding.
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public struct SeccompProfile: Hashable, Sendable, Codable {
    /// What happens to a call no rule matches.
    public var defaultAction: SeccompAction
    /// The errno of `defaultAction` when it is `SCMP_ACT_ERRNO` (EPERM when nil).
    public var defaultErrnoRet: UInt32?
    /// The ABIs filtered; nil or empty means the native one only (calls through other ABIs are then killed).
    public var architectures: [SeccompArchitecture]?
    /// Flags for `seccomp(SECCOMP_SET_MODE_FILTER)`.
    public var flags: [SeccompFilterFlag]?
    /// The socket of a seccomp agent for `SCMP_ACT_NOTIFY` (kept for round trips; Butte does not notify).
    public var listenerPath: String?
    /// Opaque data sent to the seccomp agent.
    public var listenerMetadata: String?
    /// The rules. A call matched by several rules gets the action libseccomp ranks first.
    public var syscalls: [SeccompSyscallRule]?

    /// Creates a profile.
    public init(
        defaultAction: SeccompAction,
        defaultErrnoRet: UInt32? = nil,
        architectures: [SeccompArchitecture]? = nil,
        flags: [SeccompFilterFlag]? = nil,
        listenerPath: String? = nil,
        listenerMetadata: String? = nil,
        syscalls: [SeccompSyscallRule]? = nil
    ) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.flags = flags
        self.listenerPath = listenerPath
        self.listenerMetadata = listenerMetadata
        self.syscalls = syscalls
    }
}
