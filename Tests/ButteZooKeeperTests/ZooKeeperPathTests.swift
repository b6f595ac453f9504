// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteZooKeeper

@Suite struct ZooKeeperPathTests {
    @Test("valid paths", arguments: ["/", "/a", "/a/b.c", "/json.info_", "/a-b/c_d/…"])
    func valid(_ path: String) throws {
        try ZooKeeperPath.validate(path)
    }

    @Test("invalid paths", arguments: ["", "a", "/a/", "//a", "/a//b", "/./a", "/a/..", "/a\u{0}b", "/a\u{1}"])
    func invalid(_ path: String) {
        #expect(throws: ZooKeeperError.self) { try ZooKeeperPath.validate(path) }
    }

    @Test("a sequential prefix may end with a slash")
    func sequentialPrefix() throws {
        try ZooKeeperPath.validate("/queue/", sequential: true)
        #expect(throws: ZooKeeperError.self) { try ZooKeeperPath.validate("/queue/") }
    }

    @Test("chroot prefixing and stripping")
    func chroot() {
        #expect(ZooKeeperPath.prefixed("/", chroot: "/mesos") == "/mesos")
        #expect(ZooKeeperPath.prefixed("/a", chroot: "/mesos") == "/mesos/a")
        #expect(ZooKeeperPath.prefixed("/a", chroot: "") == "/a")
        #expect(ZooKeeperPath.stripped("/mesos", chroot: "/mesos") == "/")
        #expect(ZooKeeperPath.stripped("/mesos/a/b", chroot: "/mesos") == "/a/b")
        #expect(ZooKeeperPath.stripped("/mesosx", chroot: "/mesos") == "/mesosx")
    }

    @Test("parent, name and join")
    func components() {
        #expect(ZooKeeperPath.parent(of: "/a/b") == "/a")
        #expect(ZooKeeperPath.parent(of: "/a") == "/")
        #expect(ZooKeeperPath.parent(of: "/") == nil)
        #expect(ZooKeeperPath.name(of: "/a/json.info_0000000001") == "json.info_0000000001")
        #expect(ZooKeeperPath.join("/", "a") == "/a")
        #expect(ZooKeeperPath.join("/a", "b") == "/a/b")
    }
}
