// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

@Suite(.tags(.services), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct ZooKeeperFixtureTests {
    @Test("a single node answers srvr with Mode: standalone and ruok with imok")
    func standalone() async throws {
        try await withZooKeeper { zk in
            #expect(zk.members.count == 1)
            let member = try #require(zk.members.first)
            #expect(zk.connectString == "127.0.0.1:\(member.clientPort)")

            let srvr = try await zk.fourLetterWord("srvr", member: member.id)
            #expect(srvr.contains("Zookeeper version: 3.8"))
            #expect(srvr.contains("Mode: standalone"))
            #expect(ZooKeeperFixture.parseMode(srvr) == .standalone)
            #expect(try await zk.fourLetterWord("ruok", member: member.id) == "imok")

            let config = try String(contentsOf: member.configFile, encoding: .utf8)
            #expect(config.contains("admin.enableServer=false"))
            #expect(config.contains("dataDir=\(member.dataDirectory.path)"))
        }
    }

    @Test("a 3-node ensemble elects one leader, and a new one among the rest when the leader stops")
    func ensembleFailover() async throws {
        try await withZooKeeper(ZooKeeperFixture.Options(servers: 3)) { zk in
            let addresses = zk.members.map { "127.0.0.1:\($0.clientPort)" }
            #expect(zk.connectString == addresses.joined(separator: ","))
            let ports = zk.members.flatMap { [$0.clientPort, $0.peerPort, $0.electionPort] }
            #expect(Set(ports).count == 9)

            let modes = try await zk.waitUntilServing()
            #expect(modes.count == 3)
            #expect(modes.values.filter { $0 == .leader }.count == 1)
            #expect(modes.values.filter { $0 == .follower }.count == 2)
            let firstLeader = try #require(await zk.leader())

            try await zk.stop(member: firstLeader)
            #expect(!zk.isRunning(member: firstLeader))
            let leaderPort = try zk.member(firstLeader).clientPort
            #expect(!TCPProbe.isListening(port: leaderPort))

            let after = try await zk.waitUntilServing(timeout: .seconds(60))
            #expect(after.count == 2)
            #expect(after[firstLeader] == nil)
            let secondLeader = try #require(await zk.leader())
            #expect(secondLeader != firstLeader)

            // The old leader comes back as a follower of the new one.
            try await zk.start(member: firstLeader)
            let rejoined = try await zk.waitUntilServing()
            #expect(rejoined.count == 3)
            #expect(rejoined[firstLeader] == .follower)
            #expect(await zk.leader() == secondLeader)
        }
    }

    @Test("stop kills every server, closes every port and removes the directories")
    func stopCleansUp() async throws {
        let zk = try await ZooKeeperFixture.start(ZooKeeperFixture.Options(servers: 3))
        let ports = zk.members.map(\.clientPort)
        for port in ports {
            #expect(TCPProbe.isListening(port: port))
        }
        #expect(FileManager.default.fileExists(atPath: zk.members[0].dataDirectory.appendingPathComponent("myid").path))

        await zk.stop()
        for member in zk.members {
            #expect(!zk.isRunning(member: member.id))
            #expect(!TCPProbe.isListening(port: member.clientPort))
            #expect(!TCPProbe.isListening(port: member.electionPort))
        }
        #expect(!FileManager.default.fileExists(atPath: zk.directory.path))
        await #expect(throws: FixtureError.self) { try await zk.start(member: 1) }
    }

    @Test("unknown member ids and empty ensembles are rejected with a clear error")
    func badArguments() async throws {
        await #expect(throws: FixtureError.self) { try await ZooKeeperFixture.start(ZooKeeperFixture.Options(servers: 0)) }
        try await withZooKeeper { zk in
            let error = await #expect(throws: FixtureError.self) { try await zk.stop(member: 7) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("no server 7") == true)
        }
    }
}
