// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A system-call ABI a filter covers, spelt as in the OCI runtime-spec (`SCMP_ARCH_X86_64`).
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public enum SeccompArchitecture: String, Hashable, Sendable, Codable, CaseIterable {
    /// 32-bit x86 (`int 0x80` on x86_64 hosts).
    case x86 = "SCMP_ARCH_X86"
    /// 64-bit x86.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The architecture's own name, as in OCI's SCMP_ARCH_X86_64.
    case x86_64 = "SCMP_ARCH_X86_64"
    /// The x32 ABI of x86_64.
    case x32 = "SCMP_ARCH_X32"
    /// 32-bit ARM.
    case arm = "SCMP_ARCH_ARM"
    /// 64-bit ARM.
    case aarch64 = "SCMP_ARCH_AARCH64"
    /// MIPS o32 big-endian.
    case mips = "SCMP_ARCH_MIPS"
    /// MIPS n64 big-endian.
    case mips64 = "SCMP_ARCH_MIPS64"
    /// MIPS n32 big-endian.
    case mips64n32 = "SCMP_ARCH_MIPS64N32"
    /// MIPS o32 little-endian.
    case mipsel = "SCMP_ARCH_MIPSEL"
    /// MIPS n64 little-endian.
    case mipsel64 = "SCMP_ARCH_MIPSEL64"
    /// MIPS n32 little-endian.
    case mipsel64n32 = "SCMP_ARCH_MIPSEL64N32"
    /// 32-bit PowerPC.
    case ppc = "SCMP_ARCH_PPC"
    /// 64-bit PowerPC big-endian.
    case ppc64 = "SCMP_ARCH_PPC64"
    /// 64-bit PowerPC little-endian.
    case ppc64le = "SCMP_ARCH_PPC64LE"
    /// 31-bit s390.
    case s390 = "SCMP_ARCH_S390"
    /// 64-bit s390.
    case s390x = "SCMP_ARCH_S390X"
    /// 32-bit PA-RISC.
    case parisc = "SCMP_ARCH_PARISC"
    /// 64-bit PA-RISC.
    case parisc64 = "SCMP_ARCH_PARISC64"
    /// 64-bit RISC-V.
    case riscv64 = "SCMP_ARCH_RISCV64"

    /// libseccomp's name for the ABI ("x86_64").
    public var libseccompName: String {
        String(rawValue.dropFirst("SCMP_ARCH_".count)).lowercased()
    }

    /// The ABIs a filter must cover on a host of `native` so that no entry point bypasses it: x86_64 brings
    /// in x86 (`int 0x80`) and x32, aarch64 brings in arm, and so on.
    public static func companions(of native: SeccompArchitecture) -> [SeccompArchitecture] {
        switch native {
        case .x86_64: [.x86_64, .x86, .x32]
        case .aarch64: [.aarch64, .arm]
        case .mips64: [.mips64, .mips64n32, .mips]
        case .mipsel64: [.mipsel64, .mipsel64n32, .mipsel]
        case .ppc64: [.ppc64, .ppc]
        case .s390x: [.s390x, .s390]
        case .parisc64: [.parisc64, .parisc]
        default: [native]
        }
    }
}
