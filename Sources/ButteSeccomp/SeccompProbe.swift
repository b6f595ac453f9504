// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CSeccomp

/// A diagnostic that runs one syscall under a program in a forked child and reports what happened; used by
/// the privileged tests to check a filter against the real kernel.
package struct SeccompProbe: Sendable {
    /// The system-call entry the child uses.
    package enum ABI: Sendable {
        /// The native `syscall` instruction.
        case native
        /// 32-bit x86 `int $0x80` (x86_64 hosts with IA32 emulation).
        case i386
    }

    /// How the call ended.
    package struct Outcome: Sendable, Equatable, CustomStringConvertible {
        /// The call's return value (-1 when it failed).
        package var result: Int64
        /// errno when it failed, else 0.
        package var errno: Int32
        /// The signal that ended the child (a kill or trap action), else 0.
        package var signal: Int32

        /// "ok 42", "errno 1" or "signal 31".
        package var description: String {
            if signal != 0 { return "signal \(signal)" }
            return errno != 0 ? "errno \(errno)" : "ok \(result)"
        }
    }

    /// The program the child loads.
    package var program: SeccompProgram

    /// Creates a probe for `program`.
    package init(program: SeccompProgram) { self.program = program }

    /// Forks, loads the program in the child after setting no_new_privs, and makes syscall `number` with `args`.
    ///
    /// - Throws: `SeccompError` (`.probeFailed`) when the child could not be started or the filter not loaded.
    package func run(_ number: Int, _ args: [UInt64] = [], abi: ABI = .native) throws(SeccompError) -> Outcome {
        precondition(args.count <= 6, "a syscall has at most 6 arguments")
        var a = args + [UInt64](repeating: 0, count: 6 - args.count)
        var r = cseccomp_probe_result()
        let raw = program.instructions.map { cseccomp_insn(code: $0.code, jt: $0.jt, jf: $0.jf, k: $0.k) }
        let rc = raw.withUnsafeBufferPointer { p in
            cseccomp_probe_in_child(
                p.baseAddress, UInt16(p.count), abi == .native ? UInt32(CSECCOMP_PROBE_ABI_NATIVE) : UInt32(CSECCOMP_PROBE_ABI_I386),
                number, &a, &r)
        }
        if rc < 0 {
            throw SeccompError(.probeFailed, "could not run probe child", underlying: SeccompErrno(rawValue: -rc))
        }
        if r.stage != 0 {
            let step = r.stage == 1 ? "setting no_new_privs" : "loading the filter"
            throw SeccompError(.probeFailed, "probe child failed \(step)", underlying: SeccompErrno(rawValue: r.err))
        }
        return Outcome(result: r.ret, errno: r.err, signal: r.signal)
    }
}
