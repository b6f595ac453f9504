// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteZooKeeper

@Suite struct ZooKeeperURLTests {
    @Test("servers, credentials and chroot of a full URL")
    func full() throws {
        let url = try ZooKeeperURL(parsing: "zk://bob:s3cr:et@h1:2182,10.0.0.2,[::1]:2183/mesos/prod")
        #expect(url.servers == [.init(host: "h1", port: 2182), .init(host: "10.0.0.2", port: 2181), .init(host: "::1", port: 2183)])
        #expect(url.credentials == .init(user: "bob", password: "s3cr:et"))
        #expect(url.chroot == "/mesos/prod")
        #expect(url.connectString == "h1:2182,10.0.0.2:2181,[::1]:2183")
        #expect(url.description == "zk://bob:***@h1:2182,10.0.0.2:2181,[::1]:2183/mesos/prod")
    }

    @Test("no path, a bare slash and a trailing slash", arguments: [("zk://h:1", ""), ("zk://h:1/", ""), ("zk://h:1/mesos/", "/mesos")])
    func chroot(_ text: String, _ chroot: String) throws {
        let url = try ZooKeeperURL(parsing: text)
        #expect(url.chroot == chroot)
        #expect(url.credentials == nil)
    }

    @Test(
        "malformed URLs name the problem",
        arguments: [
            ("http://h:2181/mesos", "zk://"),
            ("zk:///mesos", "no servers"),
            ("zk://h1,,h2/x", "empty server"),
            ("zk://h1:0/x", "bad port"),
            ("zk://h1:65536/x", "bad port"),
            ("zk://h1:21a/x", "bad port"),
            ("zk://h1:/x", "bad port"),
            ("zk://h 1:2181/x", "bad host"),
            ("zk://::1:2181/x", "brackets"),
            ("zk://[::1/x", "unclosed"),
            ("zk://bob@h1/x", "user:password"),
            ("zk://:pw@h1/x", "user name"),
            ("zk://h1/a//b", "empty component"),
            ("zk://h1/a/../b", "relative component"),
        ]
    )
    func malformed(_ text: String, _ fragment: String) {
        #expect {
            _ = try ZooKeeperURL(parsing: text)
        } throws: { error in
            guard let error = error as? ZooKeeperError else { return false }
            return error.code == .invalidURL && error.message.contains(fragment)
        }
    }

    @Test("error messages never show the password")
    func redaction() {
        #expect {
            _ = try ZooKeeperURL(parsing: "zk://bob:hunter2@h1:99999/x")
        } throws: { error in
            let message = (error as? ZooKeeperError)?.message ?? ""
            return !message.contains("hunter2") && message.contains("bob:***@")
        }
    }

    @Test("a connect string configuration parses like a URL without the scheme")
    func connectString() throws {
        let configuration = try ZooKeeperClient.Configuration(connectString: "127.0.0.1:2181,127.0.0.1:2182/app")
        #expect(configuration.servers.count == 2)
        #expect(configuration.chroot == "/app")
    }
}
