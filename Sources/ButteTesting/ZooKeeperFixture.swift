// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Real ZooKeeper servers (Debian's zookeeper 3.8, run directly with java): one standalone node or
/// an ensemble of several, each member with its own config, data directory and ports on 127.0.0.1.
///
/// Use `withZooKeeper { zk in … }`, which always stops every member, or `start()` and `stop()`.
/// Members of an ensemble can be stopped and started again one at a time to test failover.
public final class ZooKeeperFixture: Sendable {
    /// How to configure the servers.
    public struct Options: Sendable {
        /// The number of servers: 1 runs a standalone node, more form an ensemble.
        public var servers: Int
        /// How long to wait until every member serves (standalone, or leader/follower).
        public var startTimeout: Duration
        /// ZooKeeper's `tickTime` in milliseconds; `initLimit` and `syncLimit` are 20 and 10 ticks.
        public var tickTimeMilliseconds: Int
        /// The JVM's maximum heap (`-Xmx`).
        public var maxHeap: String

        /// Creates options.
        public init(servers: Int = 1, startTimeout: Duration = .seconds(90), tickTimeMilliseconds: Int = 500, maxHeap: String = "256m") {
            self.servers = servers
            self.startTimeout = startTimeout
            self.tickTimeMilliseconds = tickTimeMilliseconds
            self.maxHeap = maxHeap
        }
    }

    /// One server of the fixture.
    public struct Member: Sendable, Identifiable {
        /// The server id (`myid`, the N of `server.N`), from 1.
        public let id: Int
        /// The client port on 127.0.0.1.
        public let clientPort: UInt16
        /// The quorum (follower-to-leader) port; unused by a standalone node.
        public let peerPort: UInt16
        /// The leader election port; unused by a standalone node.
        public let electionPort: UInt16
        /// The member's directory: `zoo.cfg`, `data/`, `zookeeper.log`.
        public let directory: URL

        /// `127.0.0.1:clientPort`.
        public var address: String { "127.0.0.1:\(clientPort)" }
        /// `dataDir` of the member's `zoo.cfg`.
        public var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }
        /// The member's `zoo.cfg`.
        public var configFile: URL { directory.appendingPathComponent("zoo.cfg") }
        /// The JVM's stdout and stderr (ZooKeeper logs through slf4j-simple to stderr).
        public var logFile: URL { directory.appendingPathComponent("zookeeper.log") }
    }

    /// The role a server reports in the `Mode:` line of `srvr`.
    public enum Mode: String, Sendable {
        /// A single server without an ensemble.
        case standalone
        /// The ensemble's leader.
        case leader
        /// An ensemble member following the leader.
        case follower
        /// A non-voting ensemble member.
        case observer
    }

    /// The java launcher.
    public static let java = "/usr/bin/java"
    /// ZooKeeper's jar; its manifest's Class-Path names the other jars under /usr/share/java.
    public static let zookeeperJar = "/usr/share/java/zookeeper.jar"
    /// The slf4j binding that sends ZooKeeper's log to stderr, used when installed.
    public static let loggingJar = "/usr/share/java/slf4j-simple.jar"
    /// ZooKeeper's server entry point, as Debian's zkServer.sh starts it.
    public static let mainClass = "org.apache.zookeeper.server.quorum.QuorumPeerMain"

    /// The servers, by ascending id.
    public let members: [Member]
    /// The temporary directory holding every member's directory; removed by `stop()`.
    public let directory: URL
    /// The options the fixture was started with.
    public let options: Options

    private let processes = Mutex<[Int: ServiceProcess]>([:])
    private let removed = Mutex(false)

    private init(members: [Member], directory: URL, options: Options) {
        self.members = members
        self.directory = directory
        self.options = options
    }

    /// `127.0.0.1:p1,127.0.0.1:p2,…`, the connect string for ZooKeeper clients.
    public var connectString: String { members.map(\.address).joined(separator: ",") }

    /// True when the fixture runs more than one server.
    public var isEnsemble: Bool { members.count > 1 }

    /// Starts `options.servers` servers and returns once every one serves: a standalone node
    /// reports `Mode: standalone`; ensemble members report leader or follower, with one leader.
    /// - Throws: `FixtureError` when a server cannot start or the ensemble does not form in time;
    ///   nothing is left running and the temporary directory is removed.
    public static func start(_ options: Options = Options()) async throws -> ZooKeeperFixture {
        guard options.servers >= 1 else {
            throw FixtureError(.invalidArgument, "a ZooKeeper fixture needs at least 1 server, not \(options.servers)")
        }
        for file in [java, zookeeperJar] where !FileManager.default.fileExists(atPath: file) {
            throw FixtureError(.startFailed, "\(file) is missing; install zookeeper and default-jre-headless (scripts/setup)")
        }
        let temporary = try TemporaryDirectory(prefix: "butte-zookeeper")
        let fixture: ZooKeeperFixture
        do {
            var members: [Member] = []
            for id in 1...options.servers {
                let ports = try FreePort.next(3)
                members.append(
                    Member(
                        id: id,
                        clientPort: ports[0],
                        peerPort: ports[1],
                        electionPort: ports[2],
                        directory: temporary.url.appendingPathComponent("server\(id)", isDirectory: true)
                    )
                )
            }
            fixture = ZooKeeperFixture(members: members, directory: temporary.url, options: options)
            for member in members {
                try fixture.writeConfiguration(of: member)
            }
        } catch {
            temporary.remove()
            throw error
        }
        do {
            for member in fixture.members {
                try fixture.launch(member)
            }
            try await fixture.waitUntilServing(timeout: options.startTimeout)
        } catch {
            await fixture.stop()
            throw error
        }
        return fixture
    }

    /// The member with server id `id`.
    /// - Throws: `FixtureError` with code `.invalidArgument` for an unknown id.
    public func member(_ id: Int) throws -> Member {
        guard let member = members.first(where: { $0.id == id }) else {
            throw FixtureError(.invalidArgument, "ZooKeeper fixture has no server \(id); its ids are \(members.map(\.id))")
        }
        return member
    }

    /// True while the JVM of server `id` runs.
    public func isRunning(member id: Int) -> Bool {
        processes.withLock { $0[id]?.isRunning ?? false }
    }

    /// Stops every server (SIGTERM, then SIGKILL) and removes the temporary directory. Idempotent.
    public func stop() async {
        let running = processes.withLock { current in
            defer { current.removeAll() }
            return Array(current.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for process in running {
                group.addTask { await process.stop() }
            }
        }
        let first = removed.withLock { was in
            defer { was = true }
            return !was
        }
        if first {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Stops server `id` and keeps its data, so `start(member:)` can bring it back.
    public func stop(member id: Int) async throws {
        _ = try member(id)
        let process = processes.withLock { $0.removeValue(forKey: id) }
        await process?.stop()
    }

    /// Starts server `id` again with its previous data and ports, and waits until it serves
    /// (it rejoins the ensemble as a follower, or reports standalone).
    /// - Throws: `FixtureError` when it is still running, cannot start, or does not serve in time.
    public func start(member id: Int, timeout: Duration? = nil) async throws {
        let member = try member(id)
        guard !isRunning(member: id) else {
            throw FixtureError(.invalidArgument, "ZooKeeper server \(id) on \(member.address) is already running")
        }
        guard removed.withLock({ !$0 }) else {
            throw FixtureError(.invalidArgument, "the ZooKeeper fixture was stopped; start a new one")
        }
        try launch(member)
        try await Poll.until("ZooKeeper server \(id) on \(member.address) serves again", timeout: timeout ?? options.startTimeout) {
            () async throws -> Bool? in
            try processes.withLock { $0[id] }?.checkRunning()
            guard let mode = await mode(of: id) else { return nil }
            return isEnsemble ? (mode == .leader || mode == .follower ? true : nil) : (mode == .standalone ? true : nil)
        }
    }

    /// Stops server `id` and starts it again; see `start(member:timeout:)`.
    public func restart(member id: Int, timeout: Duration? = nil) async throws {
        try await stop(member: id)
        try await start(member: id, timeout: timeout)
    }

    /// Sends a four-letter command (`srvr`, `ruok`, `mntr`, …) to server `id` and returns its answer.
    public func fourLetterWord(_ word: String, member id: Int) async throws -> String {
        try await TCPProbe.exchange(port: try member(id).clientPort, message: word, timeout: .seconds(5))
    }

    /// The mode server `id` reports through `srvr`, or `nil` when it does not answer or does not
    /// serve yet (ZooKeeper answers "This ZooKeeper instance is not currently serving requests").
    public func mode(of id: Int) async -> Mode? {
        guard let answer = try? await fourLetterWord("srvr", member: id) else { return nil }
        return Self.parseMode(answer)
    }

    /// The modes of the running servers that serve, by id.
    public func modes() async -> [Int: Mode] {
        var result: [Int: Mode] = [:]
        for member in members where isRunning(member: member.id) {
            if let mode = await mode(of: member.id) { result[member.id] = mode }
        }
        return result
    }

    /// The id of the server reporting `Mode: leader`, when exactly one does.
    public func leader() async -> Int? {
        let leaders = await modes().filter { $0.value == .leader }.map(\.key)
        return leaders.count == 1 ? leaders[0] : nil
    }

    /// Waits until every running server serves: a standalone node reports standalone; in an
    /// ensemble every running member is leader or follower and exactly one is leader.
    /// - Returns: The modes by server id.
    /// - Throws: `FixtureError` with code `.timeout`, or `.startFailed` when a server exits.
    @discardableResult
    public func waitUntilServing(timeout: Duration? = nil) async throws -> [Int: Mode] {
        let what = isEnsemble ? "the ZooKeeper ensemble \(connectString) has one leader and only followers" : "ZooKeeper on \(connectString) serves"
        return try await Poll.until(what, timeout: timeout ?? options.startTimeout, interval: .milliseconds(100)) { () async throws -> [Int: Mode]? in
            let running = processes.withLock { $0 }
            for process in running.values { try process.checkRunning() }
            guard !running.isEmpty else { throw FixtureError(.invalidArgument, "no ZooKeeper server of the fixture is running") }
            let modes = await modes()
            guard modes.count == running.count else { return nil }
            if !isEnsemble { return modes.values.allSatisfy { $0 == .standalone } ? modes : nil }
            let leaders = modes.values.filter { $0 == .leader }.count
            let followers = modes.values.filter { $0 == .follower }.count
            return leaders == 1 && leaders + followers == modes.count ? modes : nil
        }
    }

    /// The `Mode:` line of a `srvr` answer.
    public static func parseMode(_ srvr: String) -> Mode? {
        for line in srvr.split(whereSeparator: \.isNewline) where line.hasPrefix("Mode:") {
            return Mode(rawValue: line.dropFirst("Mode:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    private func writeConfiguration(of member: Member) throws {
        try FileManager.default.createDirectory(at: member.dataDirectory, withIntermediateDirectories: true)
        var lines = [
            "tickTime=\(options.tickTimeMilliseconds)",
            "initLimit=20",
            "syncLimit=10",
            "dataDir=\(member.dataDirectory.path)",
            "clientPort=\(member.clientPort)",
            "clientPortAddress=127.0.0.1",
            "admin.enableServer=false",
            "4lw.commands.whitelist=*",
            "maxClientCnxns=0",
        ]
        if isEnsemble {
            for peer in members {
                lines.append("server.\(peer.id)=127.0.0.1:\(peer.peerPort):\(peer.electionPort)")
            }
            try Data("\(member.id)\n".utf8).write(to: member.dataDirectory.appendingPathComponent("myid"))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: member.configFile)
    }

    private func launch(_ member: Member) throws {
        var classpath = [member.directory.path, Self.zookeeperJar]
        if FileManager.default.fileExists(atPath: Self.loggingJar) { classpath.append(Self.loggingJar) }
        let arguments = [
            "-Xmx\(options.maxHeap)", "-Xms16m", "-Xss512k",
            // Short-lived servers: the quick C1 compiler, a small collector, no perf data in /tmp.
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-Djava.net.preferIPv4Stack=true",
            "-Djava.io.tmpdir=\(member.directory.path)",
            "-Dzookeeper.jmx.log4j.disable=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp", classpath.joined(separator: ":"),
            Self.mainClass, member.configFile.path,
        ]
        let process = try ServiceProcess(
            name: "ZooKeeper server \(member.id) on \(member.address)",
            executable: Self.java,
            arguments: arguments,
            workingDirectory: member.directory,
            logFile: member.logFile
        )
        processes.withLock { $0[member.id] = process }
    }
}

/// Starts a `ZooKeeperFixture`, runs `body` with it, and stops every server whether `body` returns or throws.
public func withZooKeeper<Value>(
    _ options: ZooKeeperFixture.Options = ZooKeeperFixture.Options(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (ZooKeeperFixture) async throws -> Value
) async throws -> Value {
    let zooKeeper = try await ZooKeeperFixture.start(options)
    do {
        let result = try await body(zooKeeper)
        await zooKeeper.stop()
        return result
    } catch {
        await zooKeeper.stop()
        throw error
    }
}
