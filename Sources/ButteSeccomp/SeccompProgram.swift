// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A compiled seccomp filter: the classic BPF program a child process loads raw with
/// `seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog)` after setting no_new_privs.
///
/// Built in the parent (`init(compiling:options:)`), so the child needs neither libseccomp nor an allocator.
public struct SeccompProgram: Hashable, Sendable {
    /// The instructions, in `struct sock_filter` order.
    public var instructions: [BPFInstruction]
    /// The `seccomp(2)` flags (`SECCOMP_FILTER_FLAG_*` bits) from the profile.
    public var flags: UInt32
    /// Names in the profile that libseccomp does not know, so no rule was made for them. They are newer than
    /// libseccomp; with `SeccompCompileOptions.enosysForUnknownSyscalls` they return ENOSYS.
    public var skippedSyscalls: [String]
    /// For each filtered ABI, the highest syscall number the profile names (x32 numbers include the x32 bit).
    /// Higher numbers return ENOSYS when the stub is in place.
    public var highestKnownSyscall: [SeccompArchitecture: Int]
    /// How many instructions at the start are Butte's ENOSYS stub (0 when there is none).
    public var stubLength: Int

    /// The kernel's limit on the length of a classic BPF program (`BPF_MAXINSNS`).
    public static let maxInstructions = 4096

    /// Creates a program from its parts.
    public init(
        instructions: [BPFInstruction], flags: UInt32 = 0, skippedSyscalls: [String] = [],
        highestKnownSyscall: [SeccompArchitecture: Int] = [:], stubLength: Int = 0
    ) {
        self.instructions = instructions
        self.flags = flags
        self.skippedSyscalls = skippedSyscalls
        self.highestKnownSyscall = highestKnownSyscall
        self.stubLength = stubLength
    }

    /// The number of instructions, the `len` of `struct sock_fprog`.
    public var count: Int { instructions.count }

    /// The program as the bytes of a `struct sock_filter` array in host byte order, ready to hand to the child.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(instructions.count * 8)
        for i in instructions {
            withUnsafeBytes(of: i.code) { out.append(contentsOf: $0) }
            out.append(i.jt)
            out.append(i.jf)
            withUnsafeBytes(of: i.k) { out.append(contentsOf: $0) }
        }
        return out
    }
}
