// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix

/// A ZooKeeper client: one session with an ensemble, kept alive across servers, with the
/// operations of ZooKeeper's API as `async` methods.
///
/// ```swift
/// let zk = try await ZooKeeperClient.connect(.init(url: try ZooKeeperURL(parsing: "zk://h1:2181,h2:2181/mesos")))
/// let path = try await zk.create("/json.info_", data: info, mode: .ephemeralSequential)
/// for await state in await zk.states() where state == .expired { stopLeading() }
/// ```
///
/// The session: the client pings after a third of the negotiated timeout without traffic and
/// drops a server that says nothing for two thirds of it. It then moves to the next server of the
/// (shuffled) ensemble within the same session, re-sending its authentication and watches. While
/// it moves, the state is `.suspended` and requests wait; requests in flight fail with
/// `.connectionLoss`. When the server says the session is gone — or no server answered before
/// the session timeout ran out, counted from the last request a server answered — the state
/// becomes `.expired`: ephemeral nodes are gone, watches and waiting requests fail with
/// `.sessionExpired`, and the owner must start over with a new client.
public actor ZooKeeperClient {
    /// What to connect to and how.
    public struct Configuration: Sendable {
        /// The ensemble's servers.
        public var servers: [ZooKeeperURL.Server]
        /// The chroot (`/mesos`), or `""`.
        public var chroot: String
        /// `digest` credentials added to the session on connect (the URL's `user:password@`).
        public var credentials: ZooKeeperURL.Credentials?
        /// The session timeout to ask for; the server clamps it to 2–20 of its ticks.
        public var sessionTimeout: Duration
        /// How long `connect` tries the servers before giving up.
        public var connectTimeout: Duration
        /// An existing session to resume instead of creating a new one.
        public var session: ZooKeeperSession?
        /// Try the servers in random order (as ZooKeeper's clients do, to spread sessions).
        public var shuffleServers: Bool
        /// The event loops the connections run on.
        public var eventLoopGroup: any EventLoopGroup
        /// Where connection changes are logged.
        public var logger: Logger

        /// Creates a configuration for the servers, chroot and credentials of `url`.
        public init(
            url: ZooKeeperURL,
            sessionTimeout: Duration = .seconds(10),
            connectTimeout: Duration = .seconds(15),
            session: ZooKeeperSession? = nil,
            shuffleServers: Bool = true,
            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
            logger: Logger = Logger(label: "butte.zookeeper")
        ) {
            self.servers = url.servers
            self.chroot = url.chroot
            self.credentials = url.credentials
            self.sessionTimeout = sessionTimeout
            self.connectTimeout = connectTimeout
            self.session = session
            self.shuffleServers = shuffleServers
            self.eventLoopGroup = eventLoopGroup
            self.logger = logger
        }

        /// Creates a configuration from a connect string (`h1:2181,h2:2181[/chroot]`), as ZooKeeper's clients take it.
        /// - Throws: `ZooKeeperError` with code `.invalidURL`.
        public init(connectString: String, sessionTimeout: Duration = .seconds(10)) throws(ZooKeeperError) {
            self.init(url: try ZooKeeperURL(parsing: "zk://" + connectString), sessionTimeout: sessionTimeout)
        }
    }

    private enum State {
        case connecting
        case connected(ZooKeeperConnection)
        case suspended
        case expired
        case closed
    }

    /// The configuration the client was made with.
    public nonisolated let configuration: Configuration
    /// The chroot every path is relative to (`""` for none).
    public nonisolated var chroot: String { configuration.chroot }

    let registry: WatchRegistry
    private let tracker = SessionTracker()
    private let servers: [ZooKeeperURL.Server]
    private let logger: Logger
    private var nextServer = 0
    private var state = State.connecting
    private var currentSession: ZooKeeperSession?
    private var auths: [(scheme: String, auth: [UInt8])] = []
    private var waiters: [CheckedContinuation<ZooKeeperConnection, any Error>] = []
    private var subscribers: [Int: AsyncStream<ConnectionState>.Continuation] = [:]
    private var nextSubscriber = 0
    private var reconnectTask: Task<Void, Never>?
    private var endReason = ""

    private init(configuration: Configuration) {
        self.configuration = configuration
        self.registry = WatchRegistry(chroot: configuration.chroot)
        self.servers = configuration.shuffleServers ? configuration.servers.shuffled() : configuration.servers
        self.logger = configuration.logger
        self.currentSession = configuration.session
        if let credentials = configuration.credentials {
            auths.append((scheme: "digest", auth: Array(credentials.digestAuth.utf8)))
        }
    }

    /// Connects to the first server of the ensemble that answers and establishes (or resumes) a session.
    /// - Throws: `ZooKeeperError`: `.connectionFailed` when no server answered within
    ///   `connectTimeout`, `.sessionExpired` when resuming a session the server no longer has.
    public static func connect(_ configuration: Configuration) async throws -> ZooKeeperClient {
        guard !configuration.servers.isEmpty else {
            throw ZooKeeperError(.invalidURL, "a ZooKeeper client needs at least one server")
        }
        let client = ZooKeeperClient(configuration: configuration)
        try await client.establish()
        return client
    }

    /// Connects to the servers of `url` with its chroot and credentials; see `connect(_:)`.
    public static func connect(to url: ZooKeeperURL, sessionTimeout: Duration = .seconds(10)) async throws -> ZooKeeperClient {
        try await connect(Configuration(url: url, sessionTimeout: sessionTimeout))
    }

    /// The current session (id, password, negotiated timeout).
    public var session: ZooKeeperSession? { currentSession }

    /// The current connection state.
    public var connectionState: ConnectionState { publicState }

    private var publicState: ConnectionState {
        switch state {
        case .connected(let connection): .connected(server: connection.server)
        case .connecting, .suspended: .suspended
        case .expired: .expired
        case .closed: .closed
        }
    }

    /// A stream of connection states, starting with the current one; it finishes after `.expired` or `.closed`.
    ///
    /// Every call returns a new stream, so several owners can follow the state independently.
    public func states() -> AsyncStream<ConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(of: ConnectionState.self)
        continuation.yield(publicState)
        if publicState.isTerminal {
            continuation.finish()
            return stream
        }
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    private func publish() {
        let current = publicState
        for continuation in subscribers.values {
            continuation.yield(current)
            if current.isTerminal { continuation.finish() }
        }
        if current.isTerminal { subscribers.removeAll() }
    }

    // MARK: Connecting

    private var perAttemptTimeout: Duration {
        max(configuration.sessionTimeout / max(servers.count, 1), .milliseconds(500))
    }

    private func nextServerAddress() -> ZooKeeperURL.Server {
        defer { nextServer = (nextServer + 1) % servers.count }
        return servers[nextServer]
    }

    private func connectRequest() -> Wire.ConnectRequest {
        Wire.ConnectRequest(
            lastZxidSeen: tracker.lastZxid,
            timeOut: configuration.sessionTimeout.milliseconds32,
            sessionId: currentSession?.id ?? 0,
            passwd: currentSession?.password ?? [UInt8](repeating: 0, count: 16)
        )
    }

    private func open(_ server: ZooKeeperURL.Server, timeout: Duration) async throws -> ZooKeeperConnection {
        try await ZooKeeperConnection.open(
            server,
            request: connectRequest(),
            timeout: timeout,
            group: configuration.eventLoopGroup,
            tracker: tracker,
            registry: registry,
            logger: logger
        )
    }

    private func establish() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.connectTimeout)
        var lastError: (any Error)?
        var attempts = 0
        while clock.now < deadline {
            let server = nextServerAddress()
            attempts += 1
            do {
                let remaining = clock.now.duration(to: deadline)
                let connection = try await open(server, timeout: min(perAttemptTimeout, remaining))
                established(connection)
                return
            } catch let error as ZooKeeperError where error.code == .sessionExpired {
                end(.expired, error.message)
                throw error
            } catch {
                lastError = error
                logger.debug("ZooKeeper server unavailable", metadata: ["server": "\(server)", "error": "\(error)"])
            }
            if attempts % servers.count == 0 {
                try? await Task.sleep(for: min(.milliseconds(100 * min(attempts / servers.count, 10)), clock.now.duration(to: deadline)))
            }
        }
        let ensemble = configuration.servers.map(\.description).joined(separator: ",")
        end(.closed, "could not connect")
        throw ZooKeeperError(
            .connectionFailed, "no ZooKeeper server of \(ensemble) answered within \(configuration.connectTimeout)", underlying: lastError)
    }

    private func established(_ connection: ZooKeeperConnection) {
        let response = connection.response
        let resumed = currentSession?.id == response.sessionId
        currentSession = ZooKeeperSession(id: response.sessionId, password: response.passwd, timeout: .milliseconds(Int64(response.timeOut)))
        tracker.acknowledged(sentAt: .now())
        // Before any waiting request: authentication first, so restored watches and requests run with it.
        for auth in auths { connection.queueAuthentication(scheme: auth.scheme, auth: auth.auth) }
        let watches = registry.paths()
        if !(watches.data.isEmpty && watches.exist.isEmpty && watches.child.isEmpty) {
            connection.queueSetWatches(
                Wire.SetWatches(relativeZxid: tracker.lastZxid, dataWatches: watches.data, existWatches: watches.exist, childWatches: watches.child)
            )
        }
        state = .connected(connection)
        logger.info(
            resumed ? "ZooKeeper session resumed" : "ZooKeeper session established",
            metadata: ["server": "\(connection.server)", "session": "\(currentSession.map(\.description) ?? "")"]
        )
        let ready = waiters
        waiters.removeAll()
        for waiter in ready { waiter.resume(returning: connection) }
        publish()
        Task { [weak self] in
            await connection.closed()
            await self?.connectionClosed(connection)
        }
    }

    private func connectionClosed(_ connection: ZooKeeperConnection) {
        guard case .connected(let current) = state, current === connection else { return }
        logger.warning("ZooKeeper connection lost; moving to another server", metadata: ["server": "\(connection.server)"])
        state = .suspended
        publish()
        reconnectTask = Task { await self.reconnect() }
    }

    private func reconnect() async {
        var attempts = 0
        while case .suspended = state {
            let timeout = currentSession?.timeout ?? configuration.sessionTimeout
            let deadline = tracker.lastAcknowledgedSend + timeout.timeAmount
            let now = NIODeadline.now()
            guard now < deadline else {
                let ensemble = configuration.servers.map(\.description).joined(separator: ",")
                end(.expired, "no server of \(ensemble) answered within the session timeout (\(timeout))")
                return
            }
            let server = nextServerAddress()
            attempts += 1
            do {
                let connection = try await open(server, timeout: min(perAttemptTimeout, (deadline - now).duration))
                guard case .suspended = state else {
                    connection.close()
                    return
                }
                established(connection)
                return
            } catch let error as ZooKeeperError where error.code == .sessionExpired {
                end(.expired, error.message)
                return
            } catch {
                logger.debug("ZooKeeper server unavailable", metadata: ["server": "\(server)", "error": "\(error)"])
            }
            if attempts % servers.count == 0 {
                let pause = TimeAmount.milliseconds(Int64(50 * min(attempts / servers.count, 10)))
                let left = deadline - NIODeadline.now()
                if left > .zero { try? await Task.sleep(for: min(pause, left).duration) }
            }
        }
    }

    /// Ends the session for good: `.expired` or `.closed`.
    /// - Parameter keepConnection: leave the connection open (`close()` still says goodbye on it).
    private func end(_ final: ConnectionState, _ reason: String, keepConnection: Bool = false) {
        switch state {
        case .expired, .closed: return
        case .connected(let connection): if !keepConnection { connection.close() }
        case .connecting, .suspended: break
        }
        state = final == .expired ? .expired : .closed
        endReason = reason
        reconnectTask?.cancel()
        reconnectTask = nil
        let error = terminalError()
        if final == .expired {
            logger.error("ZooKeeper session expired", metadata: ["session": "\(currentSession.map(\.description) ?? "none")", "reason": "\(reason)"])
        }
        registry.end(error)
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(throwing: error) }
        publish()
    }

    private func terminalError() -> ZooKeeperError {
        let name = currentSession.map { "ZooKeeper session \($0.hexID)" } ?? "ZooKeeper session"
        if case .expired = state { return ZooKeeperError(.sessionExpired, "\(name) expired: \(endReason)") }
        return ZooKeeperError(.closed, "the ZooKeeper client is closed")
    }

    /// Closes the session: the server deletes its ephemeral nodes at once, watches end with `.closed`.
    public func close() async {
        guard case .connected(let connection) = state else {
            end(.closed, "closed")
            return
        }
        end(.closed, "closed", keepConnection: true)
        // Best effort: if the server does not answer, the session simply expires on its side.
        _ = try? await connection.send(.closeSession, body: ByteBuffer())
        connection.close()
    }

    // MARK: Requests

    private func connection() async throws -> ZooKeeperConnection {
        switch state {
        case .connected(let connection): return connection
        case .connecting, .suspended: return try await withCheckedThrowingContinuation { waiters.append($0) }
        case .expired, .closed: throw terminalError()
        }
    }

    /// Sends a request (waiting for a connection while the client moves between servers) and
    /// returns the reply, whatever its `err`.
    func call(_ opCode: OpCode, _ record: some JuteEncodable, watch: ConnectionHandler.PendingWatch? = nil) async throws -> ConnectionHandler.Reply {
        var writer = JuteWriter()
        writer.write(record)
        let connection = try await connection()
        let reply = try await connection.send(opCode, body: writer.buffer, watch: watch)
        if reply.header.err == ZooKeeperError.Code.sessionExpired.serverCode {
            end(.expired, "\(connection.server) reports it")
        }
        return reply
    }

    /// Adds an identity to the session (`addAuth("digest", "user:password")`); it is sent again
    /// after every move to another server.
    /// - Throws: `ZooKeeperError` with code `.authFailed` when the server rejects it.
    public func addAuth(_ scheme: String, _ auth: String) async throws {
        try await addAuth(scheme, bytes: Array(auth.utf8))
    }

    /// Adds an identity to the session with binary auth data; see `addAuth(_:_:)`.
    public func addAuth(_ scheme: String, bytes: [UInt8]) async throws {
        let connection = try await connection()
        do {
            try await connection.authenticate(scheme: scheme, auth: bytes)
        } catch let error as ZooKeeperError {
            throw ZooKeeperError(error.code, "addAuth \(scheme): \(error.message)", underlying: error.underlying)
        }
        auths.append((scheme: scheme, auth: bytes))
    }

    /// Validates a client path and returns its server path under the chroot.
    func serverPath(_ path: String, sequential: Bool = false) throws(ZooKeeperError) -> String {
        try ZooKeeperPath.validate(path, sequential: sequential)
        return ZooKeeperPath.prefixed(path, chroot: configuration.chroot)
    }
}
