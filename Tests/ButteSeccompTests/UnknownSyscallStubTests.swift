// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteTesting
import Testing

@testable import ButteSeccomp

/// Runs the stub part of a program on one (arch, nr): the stub's verdict, or nil when it falls through to
/// libseccomp's program. Interprets exactly the opcodes the stub uses.
func runStub(_ stub: [BPFInstruction], arch: UInt32, nr: UInt32) -> UInt32? {
    var pc = 0
    var a: UInt32 = 0
    while pc < stub.count {
        let i = stub[pc]
        pc += 1
        switch i.code {
        case 0x20: a = i.k == 4 ? arch : (i.k == 0 ? nr : 0)
        case 0x15: pc += a == i.k ? Int(i.jt) : Int(i.jf)
        case 0x25: pc += a > i.k ? Int(i.jt) : Int(i.jf)
        case 0x35: pc += a >= i.k ? Int(i.jt) : Int(i.jf)
        case 0x45: pc += a & i.k != 0 ? Int(i.jt) : Int(i.jf)
        case 0x05: pc += Int(i.k)
        case 0x06: return i.k
        default:
            Issue.record("unexpected opcode \(i)")
            return 0
        }
    }
    return nil
}

@Suite struct UnknownSyscallStubTests {
    static let amd64: UInt32 = 0xC000_003E
    static let i386: UInt32 = 0x4000_0003
    static let enosys: UInt32 = 0x0005_0026

    @Test("numbers above the highest known one get ENOSYS, the rest fall through, per ABI")
    func ranges() {
        let stub = UnknownSyscallStub(knownNumbers: [
            .x86_64: [0, 39, 435], .x86: [20, 440], .x32: [0x4000_0000 | 39, 0x4000_0000 | 430, 0x4000_0000 | 547],
        ]).instructions
        #expect(runStub(stub, arch: Self.amd64, nr: 39) == nil)
        #expect(runStub(stub, arch: Self.amd64, nr: 435) == nil)
        #expect(runStub(stub, arch: Self.amd64, nr: 436) == Self.enosys)
        #expect(runStub(stub, arch: Self.amd64, nr: 1000) == Self.enosys)
        #expect(runStub(stub, arch: Self.i386, nr: 440) == nil)
        #expect(runStub(stub, arch: Self.i386, nr: 441) == Self.enosys)
        // x32: common numbers up to 430, compat numbers 512...547.
        #expect(runStub(stub, arch: Self.amd64, nr: 0x4000_0000 | 430) == nil)
        #expect(runStub(stub, arch: Self.amd64, nr: 0x4000_0000 | 431) == Self.enosys)
        #expect(runStub(stub, arch: Self.amd64, nr: 0x4000_0000 | 520) == nil)
        #expect(runStub(stub, arch: Self.amd64, nr: 0x4000_0000 | 548) == Self.enosys)
        // Other ABIs are libseccomp's business (it kills them).
        #expect(runStub(stub, arch: 0xC000_00B7, nr: 5000) == nil)
    }

    @Test("without x32 in the filter, x32 numbers fall through to libseccomp")
    func noX32() {
        let stub = UnknownSyscallStub(knownNumbers: [.x86_64: [0, 100]]).instructions
        #expect(runStub(stub, arch: Self.amd64, nr: 101) == Self.enosys)
        #expect(runStub(stub, arch: Self.amd64, nr: 0x4000_0000 | 5) == nil)
        #expect(runStub(stub, arch: Self.i386, nr: 5000) == nil)
    }

    @Test("no known syscalls, no stub")
    func empty() {
        #expect(UnknownSyscallStub(knownNumbers: [:]).instructions.isEmpty)
    }

    @Test("the compiled default program's stub uses the profile's highest numbers")
    func compiledDefault() throws {
        let p = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: KernelVersion(6, 1), native: .x86_64)
        let program = try SeccompProgram(compiling: p)
        let stub = Array(program.instructions.prefix(program.stubLength))
        let top = UInt32(try #require(program.highestKnownSyscall[.x86_64]))
        #expect(runStub(stub, arch: Self.amd64, nr: top) == nil)
        #expect(runStub(stub, arch: Self.amd64, nr: top + 1) == Self.enosys)
        #expect(runStub(stub, arch: Self.amd64, nr: 1000) == Self.enosys)
        #expect(runStub(stub, arch: Self.amd64, nr: 250) == nil)  // keyctl: the profile's EPERM decides
    }
}
