// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Crypto

/// One entry of a znode's access control list: who (`scheme:id`) may do what (`permissions`).
/// Source: ZooKeeper 3.8 `zookeeper.jute` (`ACL`, `Id`) and `ZooDefs.Perms` / `ZooDefs.Ids`.
public struct ZooKeeperACL: Sendable, Hashable, JuteEncodable, JuteDecodable {
    /// The operations an ACL entry allows.
    public struct Permissions: OptionSet, Sendable, Hashable {
        /// The wire bits.
        public let rawValue: Int32
        /// Creates permissions from the wire bits.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Read the data and list the children.
        public static let read = Permissions(rawValue: 1)
        /// Set the data.
        public static let write = Permissions(rawValue: 2)
        /// Create children.
        public static let create = Permissions(rawValue: 4)
        /// Delete children.
        public static let delete = Permissions(rawValue: 8)
        /// Set the ACL.
        public static let admin = Permissions(rawValue: 16)
        /// Everything.
        public static let all: Permissions = [.read, .write, .create, .delete, .admin]
    }

    /// An identity: an authentication scheme and an id in that scheme.
    public struct Identity: Sendable, Hashable, JuteEncodable, JuteDecodable {
        /// The scheme: `world`, `auth`, `digest`, `ip`, `sasl`, ….
        public var scheme: String
        /// The id within the scheme, e.g. `anyone` or `user:base64(sha1(user:password))`.
        public var id: String

        /// Creates an identity.
        public init(scheme: String, id: String) {
            self.scheme = scheme
            self.id = id
        }

        /// `world:anyone`, every client.
        public static let anyone = Identity(scheme: "world", id: "anyone")
        /// `auth:`, every identity the creating session has authenticated as.
        public static let authenticated = Identity(scheme: "auth", id: "")

        /// `digest:user:base64(sha1("user:password"))`, the identity `addAuth("digest", "user:password")` gives.
        public static func digest(user: String, password: String) -> Identity {
            Identity(scheme: "digest", id: "\(user):\(digestHash(user: user, password: password))")
        }

        /// The base64 SHA-1 of `user:password`, as ZooKeeper's `DigestAuthenticationProvider` computes it.
        public static func digestHash(user: String, password: String) -> String {
            let hash = Insecure.SHA1.hash(data: Array("\(user):\(password)".utf8))
            return Base64.encode(Array(hash))
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            scheme = try reader.readRequiredString("Id.scheme")
            id = try reader.readRequiredString("Id.id")
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(string: scheme)
            writer.write(string: id)
        }
    }

    /// What the identity may do.
    public var permissions: Permissions
    /// Who the entry is for.
    public var identity: Identity

    /// Creates an ACL entry.
    public init(_ permissions: Permissions, _ identity: Identity) {
        self.permissions = permissions
        self.identity = identity
    }

    /// Everything for everyone (`ZooDefs.Ids.OPEN_ACL_UNSAFE`).
    public static let openUnsafe = [ZooKeeperACL(.all, .anyone)]
    /// Everything for the identities the creating session authenticated as (`CREATOR_ALL_ACL`).
    public static let creatorAll = [ZooKeeperACL(.all, .authenticated)]
    /// Read for everyone (`READ_ACL_UNSAFE`).
    public static let readUnsafe = [ZooKeeperACL(.read, .anyone)]

    package init(from reader: inout JuteReader) throws(ZooKeeperError) {
        permissions = Permissions(rawValue: try reader.readInt())
        identity = try reader.read()
    }

    package func encode(to writer: inout JuteWriter) {
        writer.write(permissions.rawValue)
        writer.write(identity)
    }
}

/// Standard base64 (RFC 4648 §4, with padding), without Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
