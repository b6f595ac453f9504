// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One classic BPF instruction, with the fields and layout of the kernel's `struct sock_filter`.
public struct BPFInstruction: Hashable, Sendable, CustomStringConvertible {
    /// Opcode (class, size, mode or operation, source).
    public var code: UInt16
    /// Forward jump when a conditional jump's test holds.
    public var jt: UInt8
    /// Forward jump when it does not.
    public var jf: UInt8
    /// Operand.
    public var k: UInt32

    /// Creates an instruction.
    public init(code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32) {
        self.code = code
        self.jt = jt
        self.jf = jf
        self.k = k
    }

    // Opcodes of <linux/filter.h> used by the stub Butte prepends.
    /// `BPF_LD | BPF_W | BPF_ABS`: load a 32-bit word of `struct seccomp_data` at offset `k`.
    static let loadWordAbsolute: UInt16 = 0x20
    /// `BPF_JMP | BPF_JEQ | BPF_K`.
    static let jumpIfEqual: UInt16 = 0x15
    /// `BPF_JMP | BPF_JGT | BPF_K`.
    static let jumpIfGreater: UInt16 = 0x25
    /// `BPF_JMP | BPF_JGE | BPF_K`.
    static let jumpIfGreaterOrEqual: UInt16 = 0x35
    /// `BPF_JMP | BPF_JSET | BPF_K`.
    static let jumpIfAnyBitSet: UInt16 = 0x45
    /// `BPF_JMP | BPF_JA`: unconditional jump by `k`.
    static let jumpAlways: UInt16 = 0x05
    /// `BPF_RET | BPF_K`: return `k` as the filter's verdict.
    static let returnConstant: UInt16 = 0x06

    /// "code jt jf k" in hexadecimal, as `bpf_dbg` prints it.
    public var description: String {
        "{ 0x\(String(code, radix: 16)), \(jt), \(jf), 0x\(String(k, radix: 16)) }"
    }
}
