// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CSeccomp
import Glibc

extension SeccompProgram {
    /// Compiles `profile` with libseccomp into a classic BPF program, adding Butte's ENOSYS stub in front when
    /// `options` ask for it.
    ///
    /// Rules whose action equals the default action add nothing to the filter (libseccomp refuses them), but
    /// their names count as known to the profile. Names libseccomp does not know are skipped and listed in
    /// `skippedSyscalls`.
    ///
    /// - Throws: `SeccompError` naming the rule, syscall or architecture that cannot be compiled.
    public init(compiling profile: SeccompProfile, options: SeccompCompileOptions = SeccompCompileOptions()) throws(SeccompError) {
        if profile.defaultAction == .notify || (profile.syscalls ?? []).contains(where: { $0.action == .notify }) {
            throw SeccompError(.invalidProfile, "SCMP_ACT_NOTIFY needs a seccomp agent, which Butte does not run")
        }
        try Self.checkErrno(profile.defaultErrnoRet, "defaultErrnoRet")
        let defaultValue = profile.defaultAction.kernelValue(errnoRet: profile.defaultErrnoRet)

        var filterPointer: OpaquePointer?
        try Self.check(
            cseccomp_filter_create(defaultValue, &filterPointer), "creating a filter with default action \(profile.defaultAction.rawValue)")
        guard let filter = filterPointer else { throw SeccompError(.libseccomp, "libseccomp returned no filter") }
        defer { cseccomp_filter_destroy(filter) }

        if options.binaryTree {
            try Self.check(cseccomp_filter_set_optimize(filter, 2), "selecting the binary-tree layout")
        }

        // The ABIs: the native one is always in the filter.
        var architectures: [SeccompArchitecture] = []
        if let native = SeccompArchitecture.native { architectures.append(native) }
        for arch in profile.architectures ?? [] where !architectures.contains(arch) {
            guard let token = arch.token else {
                throw SeccompError(.unsupportedArchitecture, "architecture \(arch.rawValue) is not known to libseccomp")
            }
            try Self.check(cseccomp_filter_add_arch(filter, token), "adding architecture \(arch.rawValue)")
            architectures.append(arch)
        }

        var skipped = Set<String>()
        var known = Set<String>()
        for (index, rule) in (profile.syscalls ?? []).enumerated() {
            let ruleName = "syscalls[\(index)] (\(rule.action.rawValue))"
            if rule.names.isEmpty { throw SeccompError(.invalidProfile, "\(ruleName) names no syscall") }
            try Self.checkErrno(rule.errnoRet, "\(ruleName) errnoRet")
            let comparisons = try Self.comparisons(rule.args ?? [], ruleName)
            let action = rule.action.kernelValue(errnoRet: rule.errnoRet)
            for name in rule.names {
                guard !name.isEmpty, name.utf8.allSatisfy({ $0 != 0 }) else {
                    throw SeccompError(.invalidProfile, "\(ruleName) has an empty or malformed syscall name")
                }
                known.insert(name)
                // The same action as the default adds nothing, and libseccomp refuses it (runc skips it too).
                if action == defaultValue { continue }
                let rc = comparisons.withUnsafeBufferPointer { args in
                    name.withCString { cseccomp_filter_add_rule(filter, action, $0, args.baseAddress, UInt32(args.count)) }
                }
                if rc == CSECCOMP_SKIPPED_UNKNOWN {
                    skipped.insert(name)
                    continue
                }
                try Self.check(rc, "\(ruleName): adding syscall '\(name)'", code: rc == -22 || rc == -17 ? .invalidProfile : .libseccomp)
            }
        }

        var count = 0
        var rc = cseccomp_filter_export(filter, nil, 0, &count)
        var program = [BPFInstruction]()
        if rc == -ENOSPC {
            var raw = [cseccomp_insn](repeating: cseccomp_insn(), count: count)
            rc = cseccomp_filter_export(filter, &raw, raw.count, &count)
            program = raw.prefix(count).map { BPFInstruction(code: $0.code, jt: $0.jt, jf: $0.jf, k: $0.k) }
        }
        try Self.check(rc, "exporting the BPF program")

        var knownNumbers: [SeccompArchitecture: [Int]] = [:]
        for arch in architectures {
            guard let token = arch.token else { continue }
            for name in known {
                var nr: Int32 = 0
                let r = name.withCString { cseccomp_syscall_resolve(token, $0, &nr) }
                // Negative numbers are libseccomp's stand-ins for calls that do not exist on this ABI.
                if r == 0, nr >= 0 { knownNumbers[arch, default: []].append(Int(nr)) }
            }
        }
        let highest = knownNumbers.compactMapValues { $0.max() }

        var stub: [BPFInstruction] = []
        if options.enosysForUnknownSyscalls && Self.refusesUnknown(profile) {
            stub = UnknownSyscallStub(knownNumbers: knownNumbers).instructions
        }
        let all = stub + program
        if all.count > Self.maxInstructions {
            throw SeccompError(
                .programTooLarge,
                "the compiled filter has \(all.count) instructions; the kernel accepts at most \(Self.maxInstructions)")
        }
        self.init(
            instructions: all,
            flags: (profile.flags ?? []).reduce(0) { $0 | $1.kernelBit },
            skippedSyscalls: skipped.sorted(),
            highestKnownSyscall: highest,
            stubLength: stub.count
        )
    }

    /// True when the default action refuses a call in a way ENOSYS should replace for unknown syscalls.
    private static func refusesUnknown(_ profile: SeccompProfile) -> Bool {
        switch profile.defaultAction {
        case .errno: (profile.defaultErrnoRet ?? UInt32(EPERM)) != DefaultSeccompProfile.enosys
        case .kill, .killThread, .killProcess, .trap: true
        case .allow, .log, .trace, .notify: false
        }
    }

    private static func comparisons(_ args: [SeccompArgument], _ ruleName: String) throws(SeccompError) -> [cseccomp_arg_cmp] {
        if args.count > 6 { throw SeccompError(.invalidProfile, "\(ruleName) has \(args.count) argument comparisons; at most 6") }
        var seen = Set<UInt32>()
        var out: [cseccomp_arg_cmp] = []
        for a in args {
            guard a.index <= 5 else {
                throw SeccompError(.invalidProfile, "\(ruleName) compares argument \(a.index); syscalls have arguments 0 to 5")
            }
            // libseccomp ANDs the comparisons of one rule and cannot hold two for the same argument.
            guard seen.insert(a.index).inserted else {
                throw SeccompError(
                    .invalidProfile,
                    "\(ruleName) compares argument \(a.index) twice; write one rule per alternative instead")
            }
            out.append(cseccomp_arg_cmp(index: a.index, op: a.op.cValue, datum_a: a.value, datum_b: a.valueTwo ?? 0))
        }
        return out
    }

    private static func checkErrno(_ value: UInt32?, _ field: String) throws(SeccompError) {
        if let value, value > 4095 {
            throw SeccompError(.invalidProfile, "\(field) is \(value); an errno is at most 4095")
        }
    }

    private static func check(_ rc: Int32, _ what: String, code: SeccompError.Code = .libseccomp) throws(SeccompError) {
        guard rc < 0 else { return }
        throw SeccompError(code, "libseccomp failed \(what)", underlying: SeccompErrno(rawValue: -rc))
    }
}
