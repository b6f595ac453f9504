// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CSeccomp

extension SeccompArchitecture {
    /// The ABI this process runs on, as libseccomp reports it; nil if it is none of the spec's architectures.
    public static var native: SeccompArchitecture? {
        let token = cseccomp_arch_native()
        return allCases.first { $0.token == token }
    }

    /// libseccomp's token for the ABI (an `AUDIT_ARCH_*` value, or libseccomp's own value for x32); nil when
    /// this libseccomp does not know the ABI.
    var token: UInt32? {
        var t: UInt32 = 0
        return libseccompName.withCString { cseccomp_arch_resolve($0, &t) } == 0 ? t : nil
    }
}
