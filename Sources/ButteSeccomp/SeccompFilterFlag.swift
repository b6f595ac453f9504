// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A flag for `seccomp(SECCOMP_SET_MODE_FILTER, flags, ...)`, spelt as in the OCI runtime-spec.
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public enum SeccompFilterFlag: String, Hashable, Sendable, Codable, CaseIterable {
    /// Install the filter on every thread of the process.
    case tsync = "SECCOMP_FILTER_FLAG_TSYNC"
    /// Log every action except allow.
    case log = "SECCOMP_FILTER_FLAG_LOG"
    /// Leave the speculative store bypass mitigation off.
    case specAllow = "SECCOMP_FILTER_FLAG_SPEC_ALLOW"
    /// Make a notifier's wait killable.
    case waitKillableRecv = "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"

    /// The kernel's bit for the flag (<linux/seccomp.h>).
    public var kernelBit: UInt32 {
        switch self {
        case .tsync: 1 << 0
        case .log: 1 << 1
        case .specAllow: 1 << 2
        case .waitKillableRecv: 1 << 5
        }
    }
}
