// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A set of capabilities, stored as the kernel stores it: one bit per capability number.
public struct CapabilitySet: Hashable, Sendable, Codable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Bit n is set when capability n is in the set.
    public var bits: UInt64

    /// Creates a set from its bit mask.
    public init(bits: UInt64) { self.bits = bits }

    /// The empty set.
    public init() { self.bits = 0 }

    /// Creates a set holding `capabilities`.
    public init(_ capabilities: some Sequence<Capability>) {
        self.bits = 0
        for c in capabilities { insert(c) }
    }

    /// Creates a set from a literal list of capabilities.
    public init(arrayLiteral elements: Capability...) { self.init(elements) }

    /// Parses names as users write them (`CAP_NET_RAW`, `NET_RAW`, `net_raw`); `ALL` stands for every capability
    /// up to `lastCapability`.
    ///
    /// - Throws: `CapabilityError` naming the first name that is no capability.
    public init(parsing names: some Sequence<String>, lastCapability: Capability = Capability.allKnown[Capability.allKnown.count - 1])
        throws(CapabilityError)
    {
        self.init()
        for name in names {
            if name.uppercased() == "ALL" || name.uppercased() == "CAP_ALL" {
                formUnion(.all(upTo: lastCapability))
            } else {
                insert(try Capability(parsing: name))
            }
        }
    }

    /// The default set of a container: Podman's eleven capabilities.
    ///
    /// CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and
    /// SYS_CHROOT. Docker's NET_RAW, MKNOD and AUDIT_WRITE are left out (NET_RAW exposes packet sockets,
    /// CVE-2020-14386); `optIn` lists the ones a task may ask for explicitly.
    public static let containerDefault: CapabilitySet = [
        .chown, .dacOverride, .fowner, .fsetid, .kill, .netBindService, .setfcap, .setgid, .setpcap, .setuid, .sysChroot,
    ]

    /// Capabilities outside the default that tasks may request explicitly: NET_RAW and MKNOD.
    public static let optIn: CapabilitySet = [.netRaw, .mknod]

    /// Every capability from 0 to `last` (inclusive).
    public static func all(upTo last: Capability) -> CapabilitySet {
        CapabilitySet(bits: last.rawValue >= 63 ? UInt64.max : (UInt64(1) << UInt64(last.rawValue + 1)) - 1)
    }

    /// True when the set holds no capability.
    public var isEmpty: Bool { bits == 0 }

    /// The number of capabilities in the set.
    public var count: Int { bits.nonzeroBitCount }

    /// True when `capability` is in the set.
    public func contains(_ capability: Capability) -> Bool { bits & Self.bit(capability) != 0 }

    /// Adds `capability`.
    public mutating func insert(_ capability: Capability) { bits |= Self.bit(capability) }

    /// Removes `capability`.
    public mutating func remove(_ capability: Capability) { bits &= ~Self.bit(capability) }

    /// Adds every capability of `other`.
    public mutating func formUnion(_ other: CapabilitySet) { bits |= other.bits }

    /// The capabilities in either set.
    public func union(_ other: CapabilitySet) -> CapabilitySet { CapabilitySet(bits: bits | other.bits) }

    /// The capabilities in both sets.
    public func intersection(_ other: CapabilitySet) -> CapabilitySet { CapabilitySet(bits: bits & other.bits) }

    /// The capabilities of this set that are not in `other`.
    public func subtracting(_ other: CapabilitySet) -> CapabilitySet { CapabilitySet(bits: bits & ~other.bits) }

    /// True when every capability of this set is in `other`.
    public func isSubset(of other: CapabilitySet) -> Bool { bits & ~other.bits == 0 }

    /// The set as the kernel's two 32-bit words (`cap_user_data_t` order: word 0 holds capabilities 0–31).
    public var words: (UInt32, UInt32) { (UInt32(truncatingIfNeeded: bits), UInt32(truncatingIfNeeded: bits >> 32)) }

    /// Creates a set from the kernel's two 32-bit words.
    public init(words low: UInt32, _ high: UInt32) { self.bits = UInt64(low) | UInt64(high) << 32 }

    /// Iterates the capabilities in kernel order.
    public func makeIterator() -> some IteratorProtocol<Capability> {
        var remaining = bits
        return AnyIterator {
            guard remaining != 0 else { return nil }
            let n = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return Capability(rawValue: n)
        }
    }

    /// The names, comma-separated, in kernel order.
    public var description: String { "[" + map(\.name).joined(separator: ", ") + "]" }

    /// Decodes from a list of capability names (the OCI runtime-spec form).
    public init(from decoder: any Decoder) throws {
        self.init(try [Capability](from: decoder))
    }

    /// Encodes as a list of canonical names in kernel order.
    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }

    private static func bit(_ c: Capability) -> UInt64 { UInt64(1) << UInt64(c.rawValue) }
}
