// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp
import ButteTesting
import Testing

/// Loads compiled programs into a forked child and checks what the real kernel does with them.
@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct SeccompFilterTests {
    // x86_64 syscall numbers (<asm/unistd_64.h>) and constants.
    static let getpid = 39, socket = 41, unshare = 272, keyctl = 250, clone3 = 435, personality = 135
    static let permissionDenied: Int32 = 1, notImplemented: Int32 = 38
    static let afInet: UInt64 = 2, afAlg: UInt64 = 38, afVsock: UInt64 = 40, sockStream: UInt64 = 1
    static let cloneNewUTS: UInt64 = 0x0400_0000

    static func defaultProbe(_ caps: CapabilitySet = .containerDefault) throws -> SeccompProbe {
        let profile = DefaultSeccompProfile.profile(capabilities: caps, kernel: try KernelVersion.running())
        return SeccompProbe(program: try SeccompProgram(compiling: profile))
    }

    @Test("the default profile allows ordinary calls")
    func allowed() throws {
        let probe = try Self.defaultProbe()
        let pid = try probe.run(Self.getpid)
        #expect(pid.errno == 0 && pid.signal == 0 && pid.result > 0)
        let tcp = try probe.run(Self.socket, [Self.afInet, Self.sockStream])
        #expect(tcp.errno == 0 && tcp.result >= 0)
        #expect(try probe.run(Self.personality, [0xffff_ffff]).errno == 0)
    }

    @Test("the default profile refuses keyctl, unshare and AF_VSOCK/AF_ALG sockets with EPERM")
    func refused() throws {
        let probe = try Self.defaultProbe()
        // KEYCTL_GET_KEYRING_ID of the session keyring, which would succeed unfiltered.
        #expect(try probe.run(Self.keyctl, [0, UInt64(bitPattern: -3)]).errno == Self.permissionDenied)
        #expect(try probe.run(Self.unshare, [Self.cloneNewUTS]).errno == Self.permissionDenied)
        #expect(try probe.run(Self.socket, [Self.afVsock, Self.sockStream]).errno == Self.permissionDenied)
        #expect(try probe.run(Self.socket, [Self.afAlg, 5]).errno == Self.permissionDenied)
        // High bits the kernel drops must not smuggle AF_ALG past the family check.
        #expect(try probe.run(Self.socket, [1 << 32 | Self.afAlg, 5]).errno == Self.permissionDenied)
        #expect(try probe.run(Self.personality, [0x0040_0000]).errno == Self.permissionDenied)
    }

    @Test("unshare is allowed again with CAP_SYS_ADMIN")
    func unshareWithAdmin() throws {
        let probe = try Self.defaultProbe(CapabilitySet.containerDefault.union([.sysAdmin]))
        #expect(try probe.run(Self.unshare, [Self.cloneNewUTS]).errno == 0)
    }

    @Test("clone3 and syscalls newer than the profile give ENOSYS")
    func enosys() throws {
        let probe = try Self.defaultProbe()
        #expect(try probe.run(Self.clone3, [0, 0]).errno == Self.notImplemented)
        #expect(try probe.run(1000).errno == Self.notImplemented)
        let top = try #require(probe.program.highestKnownSyscall[.x86_64])
        #expect(try probe.run(top + 1).errno == Self.notImplemented)
    }

    @Test("without the stub an unknown number gets the default EPERM")
    func withoutStub() throws {
        let profile = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: try KernelVersion.running())
        let program = try SeccompProgram(compiling: profile, options: SeccompCompileOptions(enosysForUnknownSyscalls: false))
        #expect(try SeccompProbe(program: program).run(1000).errno == Self.permissionDenied)
    }

    @Test("32-bit int 0x80 calls are filtered too")
    func i386() throws {
        // i386 numbers: getpid 20, keyctl 288.
        let allowAll = SeccompProfile(defaultAction: .allow, architectures: [.x86_64, .x86])
        let unfiltered = try SeccompProbe(program: SeccompProgram(compiling: allowAll)).run(20, abi: .i386)
        // A kernel without IA32 emulation answers int 0x80 with SIGSEGV: there is no 32-bit entry to filter.
        if unfiltered.signal != 0 { return }
        #expect(unfiltered.result > 0)
        let probe = try Self.defaultProbe()
        #expect(try probe.run(20, abi: .i386).result > 0)
        #expect(try probe.run(288, [0, UInt64(UInt32(bitPattern: -3))], abi: .i386).errno == Self.permissionDenied)
        #expect(try probe.run(2000, abi: .i386).errno == Self.notImplemented)
        // A filter of the native ABI only kills 32-bit callers instead of letting them through.
        let nativeOnly = SeccompProfile(defaultAction: .errno, syscalls: [SeccompSyscallRule(names: ["getpid"], action: .allow)])
        let killed = try SeccompProbe(program: SeccompProgram(compiling: nativeOnly)).run(20, abi: .i386)
        #expect(killed.signal == 31)  // SIGSYS
    }
}
