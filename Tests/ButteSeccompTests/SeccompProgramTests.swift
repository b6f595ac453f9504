// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp
import ButteTesting
import Testing

@Suite struct SeccompProgramTests {
    @Test("the default profile compiles to a program the kernel accepts")
    func defaultCompiles() throws {
        let p = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: KernelVersion(6, 1), native: .x86_64)
        let program = try SeccompProgram(compiling: p)
        #expect(program.count > 100)
        #expect(program.count <= SeccompProgram.maxInstructions)
        #expect(program.bytes.count == program.count * 8)
        #expect(program.stubLength > 0)
        // libseccomp's program starts after the stub by loading seccomp_data.arch.
        #expect(program.instructions[program.stubLength] == BPFInstruction(code: 0x20, k: 4))
        // The last instruction of every seccomp program is a return.
        #expect(program.instructions.last?.code == 0x06)
        #expect(program.highestKnownSyscall[.x86_64].map { $0 >= 450 } == true)
        #expect(program.highestKnownSyscall[.x86] != nil)
    }

    @Test("granting capabilities changes the compiled program")
    func capabilitiesMatter() throws {
        let base = try SeccompProgram(compiling: DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: KernelVersion(6, 1)))
        let admin = try SeccompProgram(
            compiling: DefaultSeccompProfile.profile(capabilities: CapabilitySet.containerDefault.union([.sysAdmin]), kernel: KernelVersion(6, 1)))
        #expect(base.instructions != admin.instructions)
    }

    @Test("the stub is left out on request and for allow-by-default profiles")
    func stubOptional() throws {
        let p = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: KernelVersion(6, 1))
        let plain = try SeccompProgram(compiling: p, options: SeccompCompileOptions(enosysForUnknownSyscalls: false))
        #expect(plain.stubLength == 0)
        let deny = SeccompProfile(defaultAction: .allow, syscalls: [SeccompSyscallRule(names: ["keyctl"], action: .errno)])
        #expect(try SeccompProgram(compiling: deny).stubLength == 0)
        let enosysDefault = SeccompProfile(
            defaultAction: .errno, defaultErrnoRet: 38, syscalls: [SeccompSyscallRule(names: ["read"], action: .allow)])
        #expect(try SeccompProgram(compiling: enosysDefault).stubLength == 0)
    }

    @Test("flags become seccomp(2) flag bits")
    func flags() throws {
        let p = SeccompProfile(defaultAction: .allow, flags: [.log, .specAllow])
        #expect(try SeccompProgram(compiling: p).flags == 0b110)
    }

    @Test("names unknown to libseccomp are skipped and reported")
    func unknownNames() throws {
        let p = SeccompProfile(defaultAction: .errno, syscalls: [SeccompSyscallRule(names: ["read", "no_such_call"], action: .allow)])
        let program = try SeccompProgram(compiling: p)
        #expect(program.skippedSyscalls == ["no_such_call"])
    }

    @Test("bad profiles give errors naming the problem")
    func badProfiles() {
        func failure(_ p: SeccompProfile) -> SeccompError? {
            do {
                _ = try SeccompProgram(compiling: p)
                return nil
            } catch { return error }
        }
        let badIndex = SeccompProfile(
            defaultAction: .errno,
            syscalls: [SeccompSyscallRule(names: ["read"], action: .allow, args: [SeccompArgument(index: 6, value: 0, op: .equal)])])
        #expect(failure(badIndex)?.code == .invalidProfile)
        #expect(failure(badIndex)?.message.contains("argument 6") == true)
        let twice = SeccompProfile(
            defaultAction: .errno,
            syscalls: [
                SeccompSyscallRule(
                    names: ["socket"], action: .allow,
                    args: [SeccompArgument(index: 0, value: 38, op: .notEqual), SeccompArgument(index: 0, value: 40, op: .notEqual)])
            ])
        #expect(failure(twice)?.message.contains("twice") == true)
        let notify = SeccompProfile(defaultAction: .notify)
        #expect(failure(notify)?.message.contains("SCMP_ACT_NOTIFY") == true)
        let badErrno = SeccompProfile(defaultAction: .errno, defaultErrnoRet: 70000)
        #expect(failure(badErrno)?.message.contains("defaultErrnoRet") == true)
        let emptyNames = SeccompProfile(defaultAction: .errno, syscalls: [SeccompSyscallRule(names: [], action: .allow)])
        #expect(failure(emptyNames)?.message.contains("syscalls[0]") == true)
    }
}
