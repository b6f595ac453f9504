// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CSeccomp
import Glibc

/// What a seccomp filter does with a call, spelt as in the OCI runtime-spec.
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public enum SeccompAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Kill the thread (an alias of `killThread`).
    case kill = "SCMP_ACT_KILL"
    /// Kill the whole process.
    case killProcess = "SCMP_ACT_KILL_PROCESS"
    /// Kill the calling thread.
    case killThread = "SCMP_ACT_KILL_THREAD"
    /// Send SIGSYS.
    case trap = "SCMP_ACT_TRAP"
    /// Fail the call with an errno.
    case errno = "SCMP_ACT_ERRNO"
    /// Notify a ptrace tracer.
    case trace = "SCMP_ACT_TRACE"
    /// Allow the call.
    case allow = "SCMP_ACT_ALLOW"
    /// Allow the call and log it.
    case log = "SCMP_ACT_LOG"
    /// Ask a user-space agent (not supported by Butte's loader).
    case notify = "SCMP_ACT_NOTIFY"

    /// The kernel's action value, with `errnoRet` (EPERM when nil) for `errno` and `trace`.
    func kernelValue(errnoRet: UInt32?) -> UInt32 {
        switch self {
        case .kill, .killThread: CSECCOMP_ACT_KILL_THREAD
        case .killProcess: CSECCOMP_ACT_KILL_PROCESS
        case .trap: CSECCOMP_ACT_TRAP
        case .errno: cseccomp_act_errno(errnoRet ?? UInt32(EPERM))
        case .trace: cseccomp_act_trace(errnoRet ?? UInt32(EPERM))
        case .allow: CSECCOMP_ACT_ALLOW
        case .log: CSECCOMP_ACT_LOG
        case .notify: CSECCOMP_ACT_NOTIFY
        }
    }
}
