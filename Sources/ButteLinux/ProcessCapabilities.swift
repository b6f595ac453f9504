// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The five capability sets of a process, in the shape of the OCI runtime-spec `LinuxCapabilities`.
///
/// The parent builds these and hands the child only fixed-size masks (`capsetWords`, `boundingDrops`,
/// `ambientRaises`); the child applies them with raw `prctl(PR_CAPBSET_DROP)` and `capset(2)`.
// Source: https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config.md#linux-process
public struct ProcessCapabilities: Hashable, Sendable, Codable {
    /// Limits what the process and its children can ever gain, including through exec.
    public var bounding: CapabilitySet
    /// What the kernel checks now.
    public var effective: CapabilitySet
    /// What is kept across exec for programs with matching file capabilities.
    public var inheritable: CapabilitySet
    /// What the process may make effective.
    public var permitted: CapabilitySet
    /// What a non-root process keeps across exec of an ordinary program.
    public var ambient: CapabilitySet

    /// Creates the five sets.
    public init(
        bounding: CapabilitySet, effective: CapabilitySet, inheritable: CapabilitySet = [], permitted: CapabilitySet,
        ambient: CapabilitySet = []
    ) {
        self.bounding = bounding
        self.effective = effective
        self.inheritable = inheritable
        self.permitted = permitted
        self.ambient = ambient
    }

    /// A container process granted `capabilities`: bounding, effective and permitted hold them; inheritable and
    /// ambient stay empty, so nothing beyond them is inherited from the agent.
    public static func container(_ capabilities: CapabilitySet) -> ProcessCapabilities {
        ProcessCapabilities(bounding: capabilities, effective: capabilities, permitted: capabilities)
    }

    /// `container(.containerDefault)`: Podman's eleven capabilities.
    public static let containerDefault = ProcessCapabilities.container(.containerDefault)

    /// Checks that the kernel will accept the sets: every capability is at most `lastSupported`, effective is
    /// inside permitted, and ambient inside permitted and inheritable.
    ///
    /// - Throws: `CapabilityError` naming the offending capabilities.
    public func validate(lastSupported: Capability) throws(CapabilityError) {
        let supported = CapabilitySet.all(upTo: lastSupported)
        let everything = bounding.union(effective).union(inheritable).union(permitted).union(ambient)
        let unsupported = everything.subtracting(supported)
        if !unsupported.isEmpty {
            throw CapabilityError(
                .unsupportedByKernel,
                "capabilities \(unsupported) are not supported by the running kernel (last capability \(lastSupported))"
            )
        }
        if !effective.isSubset(of: permitted) {
            throw CapabilityError(
                .inconsistentSets, "effective capabilities \(effective.subtracting(permitted)) are not in the permitted set")
        }
        let ambientAllowed = permitted.intersection(inheritable)
        if !ambient.isSubset(of: ambientAllowed) {
            throw CapabilityError(
                .inconsistentSets,
                "ambient capabilities \(ambient.subtracting(ambientAllowed)) must be in both the permitted and inheritable sets")
        }
    }

    /// The argument of `capset(2)` version 3 as six words, in the order of `struct __user_cap_data_struct[2]`:
    /// effective, permitted, inheritable of capabilities 0–31, then the same of capabilities 32–63.
    public var capsetWords: [UInt32] {
        let e = effective.words
        let p = permitted.words
        let i = inheritable.words
        return [e.0, p.0, i.0, e.1, p.1, i.1]
    }

    /// The capabilities to remove from the bounding set with `PR_CAPBSET_DROP`: every one from 0 to
    /// `lastSupported` that is not in `bounding`, in kernel order.
    public func boundingDrops(lastSupported: Capability) -> [Capability] {
        Array(CapabilitySet.all(upTo: lastSupported).subtracting(bounding))
    }

    /// The capabilities to raise with `PR_CAP_AMBIENT_RAISE` after the ambient set is cleared, in kernel order.
    public var ambientRaises: [Capability] { Array(ambient) }
}
