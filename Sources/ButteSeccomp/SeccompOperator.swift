// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CSeccomp

/// A comparison of a syscall argument, spelt as in the OCI runtime-spec.
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public enum SeccompOperator: String, Hashable, Sendable, Codable, CaseIterable {
    /// argument != value
    case notEqual = "SCMP_CMP_NE"
    /// argument < value
    case lessThan = "SCMP_CMP_LT"
    /// argument <= value
    case lessOrEqual = "SCMP_CMP_LE"
    /// argument == value
    case equal = "SCMP_CMP_EQ"
    /// argument >= value
    case greaterOrEqual = "SCMP_CMP_GE"
    /// argument > value
    case greaterThan = "SCMP_CMP_GT"
    /// (argument & value) == valueTwo
    case maskedEqual = "SCMP_CMP_MASKED_EQ"

    /// libseccomp's operator number.
    var cValue: UInt32 {
        switch self {
        case .notEqual: CSECCOMP_CMP_NE.rawValue
        case .lessThan: CSECCOMP_CMP_LT.rawValue
        case .lessOrEqual: CSECCOMP_CMP_LE.rawValue
        case .equal: CSECCOMP_CMP_EQ.rawValue
        case .greaterOrEqual: CSECCOMP_CMP_GE.rawValue
        case .greaterThan: CSECCOMP_CMP_GT.rawValue
        case .maskedEqual: CSECCOMP_CMP_MASKED_EQ.rawValue
        }
    }
}
