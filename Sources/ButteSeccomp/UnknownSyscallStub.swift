// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The instructions Butte puts in front of libseccomp's program so that syscalls newer than the profile fail
/// with ENOSYS rather than the default action (the idea of runc's `patchbpf`).
///
/// libseccomp cannot express "a syscall I do not know", and it refuses rules for numbers it has no name for,
/// so the rule is written directly in classic BPF: per ABI, a call whose number is above the highest number
/// the profile names returns `SECCOMP_RET_ERRNO | ENOSYS`; every other call (and every other ABI) falls through
/// to libseccomp's program, which starts by reloading what it needs. Jumps in classic BPF only go forward,
/// so a stub that either returns or falls off its end cannot change what the program after it does.
///
/// x32 shares `AUDIT_ARCH_X86_64` with x86_64 and marks its numbers with bit 30; its table has the common
/// numbers below 512 and its own compat calls from 512 on, so both gaps (above the highest common number and
/// above the highest compat number) are covered.
struct UnknownSyscallStub {
    /// The instructions; empty when no ABI has a known syscall.
    let instructions: [BPFInstruction]

    static let auditArchAMD64: UInt32 = 0xC000_003E
    static let x32Bit: UInt32 = 0x4000_0000
    static let x32CompatStart: UInt32 = 512
    static let returnENOSYS: UInt32 = 0x0005_0000 | 38

    /// Builds the stub from the syscall numbers the profile names on each ABI (x32 numbers with bit 30 set).
    init(knownNumbers: [SeccompArchitecture: [Int]]) {
        var asm = Assembler()
        var blocks: [(audit: UInt32, native: UInt32?, x32: (low: UInt32, high: UInt32)?)] = []

        let x32Numbers = (knownNumbers[.x32] ?? []).map { UInt32(truncatingIfNeeded: $0) & ~Self.x32Bit }
        let x32: (low: UInt32, high: UInt32)? =
            x32Numbers.isEmpty
            ? nil
            : (
                low: x32Numbers.filter { $0 < Self.x32CompatStart }.max() ?? 0,
                high: max(x32Numbers.max() ?? 0, Self.x32CompatStart - 1)
            )
        for (arch, numbers) in knownNumbers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where arch != .x32 {
            guard let top = numbers.max(), let token = arch.token else { continue }
            blocks.append((audit: token, native: UInt32(top), x32: arch == .x86_64 ? x32 : nil))
        }
        if x32 != nil, knownNumbers[.x86_64]?.isEmpty ?? true {
            blocks.append((audit: Self.auditArchAMD64, native: nil, x32: x32))
        }
        guard !blocks.isEmpty else {
            instructions = []
            return
        }

        // Dispatch on the ABI (seccomp_data.arch at offset 4).
        asm.emit(code: BPFInstruction.loadWordAbsolute, k: 4)
        for (i, block) in blocks.enumerated() {
            asm.jump(BPFInstruction.jumpIfEqual, k: block.audit, ifTrue: .block(i), ifFalse: i == blocks.count - 1 ? .main : .next)
        }
        for (i, block) in blocks.enumerated() {
            asm.label(.block(i))
            // seccomp_data.nr at offset 0.
            asm.emit(code: BPFInstruction.loadWordAbsolute, k: 0)
            if block.audit == Self.auditArchAMD64 {
                // Numbers with the x32 bit belong to x32; without x32 in the filter, libseccomp kills them.
                asm.jump(BPFInstruction.jumpIfAnyBitSet, k: Self.x32Bit, ifTrue: block.x32 == nil ? .main : .x32(i), ifFalse: .next)
            }
            if let native = block.native {
                asm.jump(BPFInstruction.jumpIfGreater, k: native, ifTrue: .enosys, ifFalse: .main)
            } else {
                asm.jump(BPFInstruction.jumpAlways, k: 0, ifTrue: .main, ifFalse: .main)
            }
            if let x32 = block.x32 {
                asm.label(.x32(i))
                asm.jump(BPFInstruction.jumpIfGreater, k: Self.x32Bit | x32.high, ifTrue: .enosys, ifFalse: .next)
                asm.jump(BPFInstruction.jumpIfGreaterOrEqual, k: Self.x32Bit | Self.x32CompatStart, ifTrue: .main, ifFalse: .next)
                asm.jump(BPFInstruction.jumpIfGreater, k: Self.x32Bit | x32.low, ifTrue: .enosys, ifFalse: .main)
            }
        }
        asm.label(.enosys)
        asm.emit(code: BPFInstruction.returnConstant, k: Self.returnENOSYS)
        asm.label(.main)
        instructions = asm.resolve()
    }

    /// A tiny assembler with symbolic forward jumps.
    private struct Assembler {
        enum Target: Hashable {
            case next, main, enosys
            case block(Int)
            case x32(Int)
        }

        private var pending: [(BPFInstruction, Target?, Target?)] = []
        private var labels: [Target: Int] = [:]

        mutating func emit(code: UInt16, k: UInt32) { pending.append((BPFInstruction(code: code, k: k), nil, nil)) }

        mutating func jump(_ code: UInt16, k: UInt32, ifTrue: Target, ifFalse: Target) {
            pending.append((BPFInstruction(code: code, k: k), ifTrue, ifFalse))
        }

        mutating func label(_ target: Target) { labels[target] = pending.count }

        func resolve() -> [BPFInstruction] {
            pending.enumerated().map { index, item in
                var (insn, t, f) = item
                func offset(_ target: Target?) -> Int {
                    guard let target, target != .next else { return 0 }
                    guard let at = labels[target] else { preconditionFailure("stub label \(target) was never placed") }
                    let d = at - (index + 1)
                    precondition(d >= 0 && d <= 255, "stub jump out of range")
                    return d
                }
                if insn.code == BPFInstruction.jumpAlways {
                    insn.k = UInt32(offset(t))
                } else if t != nil || f != nil {
                    insn.jt = UInt8(offset(t))
                    insn.jf = UInt8(offset(f))
                }
                return insn
            }
        }
    }
}
