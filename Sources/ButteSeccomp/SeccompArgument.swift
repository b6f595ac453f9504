// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One comparison on a syscall argument (the OCI runtime-spec `LinuxSeccompArg`).
///
/// For `SCMP_CMP_MASKED_EQ`, `value` is the mask and `valueTwo` the value the masked argument must equal.
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config-linux.md#seccomp
public struct SeccompArgument: Hashable, Sendable, Codable {
    /// Which argument, 0 to 5.
    public var index: UInt32
    /// The operand (the mask for `SCMP_CMP_MASKED_EQ`).
    public var value: UInt64
    /// The second operand of `SCMP_CMP_MASKED_EQ`.
    public var valueTwo: UInt64?
    /// The comparison.
    public var op: SeccompOperator

    /// Creates a comparison.
    public init(index: UInt32, value: UInt64, valueTwo: UInt64? = nil, op: SeccompOperator) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }
}
