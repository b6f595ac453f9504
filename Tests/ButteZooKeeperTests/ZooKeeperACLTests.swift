// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteZooKeeper

@Suite struct ZooKeeperACLTests {
    // Reference values printed by ZooKeeper 3.8's `DigestAuthenticationProvider` main for the same input.
    @Test(
        "the digest id is user:base64(sha1(user:password))",
        arguments: [
            ("super", "superpw", "super:g9oN2HttPfn8MMWJZ2r45Np/LIA="),
            ("bob", "secret", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="),
        ])
    func digest(_ user: String, _ password: String, _ id: String) {
        #expect(ZooKeeperACL.Identity.digest(user: user, password: password) == .init(scheme: "digest", id: id))
    }

    @Test("base64 pads to a multiple of four", arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")])
    func base64(_ input: String, _ output: String) {
        #expect(Base64.encode(Array(input.utf8)) == output)
    }

    @Test("permission bits follow ZooDefs.Perms")
    func permissions() {
        #expect(ZooKeeperACL.Permissions.all.rawValue == 31)
        #expect(([.read, .write] as ZooKeeperACL.Permissions).rawValue == 3)
        #expect(ZooKeeperACL.creatorAll == [ZooKeeperACL(.all, .init(scheme: "auth", id: ""))])
    }

    @Test("an ACL round-trips through jute")
    func roundTrip() throws {
        let acl = ZooKeeperACL([.read, .admin], .digest(user: "u", password: "p"))
        var writer = JuteWriter()
        writer.write(acl)
        var reader = JuteReader(buffer: writer.buffer)
        #expect(try reader.read(ZooKeeperACL.self) == acl)
    }
}
