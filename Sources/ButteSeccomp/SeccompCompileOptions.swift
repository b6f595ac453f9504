// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// How a profile is turned into a program.
public struct SeccompCompileOptions: Hashable, Sendable {
    /// Make syscalls newer than every syscall the profile names fail with ENOSYS instead of the default action.
    ///
    /// A profile written before a syscall existed refuses it with EPERM, and glibc treats EPERM as final, so
    /// images whose libc tries the new call first (`clone3`, `faccessat2`) break. ENOSYS makes libc fall back to
    /// the older call. Applied only when the default action refuses calls (errno other than ENOSYS, kill, trap).
    public var enosysForUnknownSyscalls: Bool
    /// Ask libseccomp for a binary tree of syscall numbers (fewer instructions run per call) rather than a list.
    public var binaryTree: Bool

    /// Creates options; the defaults are what Butte loads.
    public init(enosysForUnknownSyscalls: Bool = true, binaryTree: Bool = true) {
        self.enosysForUnknownSyscalls = enosysForUnknownSyscalls
        self.binaryTree = binaryTree
    }
}
