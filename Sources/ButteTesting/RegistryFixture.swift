// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// A real Docker registry (Debian's `docker-registry`, distribution 2.8) serving plain http on
/// 127.0.0.1 with filesystem storage in its own temporary directory.
///
/// Use `withRegistry { registry in … }`, which always stops it, or `start()` and `stop()`.
public final class RegistryFixture: Sendable {
    /// How to configure the registry.
    public struct Options: Sendable {
        /// Require HTTP Basic authentication (an htpasswd file made with `htpasswd -B`).
        public var basicAuth: Bool
        /// The user name accepted when `basicAuth` is on.
        public var user: String
        /// The password accepted when `basicAuth` is on.
        public var password: String
        /// How long to wait for `GET /v2/` to answer.
        public var startTimeout: Duration

        /// Creates options; the password defaults to a random one.
        public init(
            basicAuth: Bool = false,
            user: String = "butte",
            password: String = UUID().uuidString,
            startTimeout: Duration = .seconds(30)
        ) {
            self.basicAuth = basicAuth
            self.user = user
            self.password = password
            self.startTimeout = startTimeout
        }
    }

    /// A user name and password the registry accepts.
    public struct Credentials: Sendable, Equatable {
        /// The user name.
        public var user: String
        /// The password.
        public var password: String

        /// Creates credentials.
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }

        /// `user:password`, as skopeo's `--creds` and `BUTTE_REGISTRY_CREDS` take it.
        public var pair: String { "\(user):\(password)" }
        /// The `Authorization` header value for these credentials.
        public var authorization: String { TestHTTPClient.basicAuthorization(user: user, password: password) }
    }

    /// The registry program.
    public static let executable = "/usr/bin/docker-registry"

    /// The TCP port on 127.0.0.1.
    public let port: UInt16
    /// `127.0.0.1:PORT`, as image references name the registry.
    public let host: String
    /// `http://127.0.0.1:PORT`.
    public let url: URL
    /// The credentials when Basic authentication is on, else `nil`.
    public let credentials: Credentials?
    /// The temporary directory holding the config, the storage and the log; removed by `stop()`.
    public let directory: URL
    /// The storage root (`storage.filesystem.rootdirectory`).
    public let storageDirectory: URL
    /// The registry's log.
    public var logFile: URL { process.logFile }

    private let process: ServiceProcess
    private let stopped = Mutex(false)

    private init(
        port: UInt16,
        url: URL,
        credentials: Credentials?,
        directory: URL,
        storageDirectory: URL,
        process: ServiceProcess
    ) {
        self.port = port
        self.host = "127.0.0.1:\(port)"
        self.url = url
        self.credentials = credentials
        self.directory = directory
        self.storageDirectory = storageDirectory
        self.process = process
    }

    /// Starts a registry and returns once `GET /v2/` answers (200, or 401 with `basicAuth`).
    /// - Throws: `FixtureError` when the registry cannot be started or does not answer in time;
    ///   nothing is left running and the temporary directory is removed.
    public static func start(_ options: Options = Options()) async throws -> RegistryFixture {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw FixtureError(.startFailed, "\(executable) is missing; install docker-registry (scripts/setup)")
        }
        let temporary = try TemporaryDirectory(prefix: "butte-registry")
        let directory = temporary.url
        do {
            let port = try FreePort.next()
            let host = "127.0.0.1:\(port)"
            guard let url = URL(string: "http://\(host)") else {
                throw FixtureError(.invalidArgument, "http://\(host) is not a URL")
            }
            let storage = directory.appendingPathComponent("storage", isDirectory: true)
            try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)

            var credentials: Credentials?
            var authSection = ""
            if options.basicAuth {
                let htpasswd = directory.appendingPathComponent("htpasswd")
                let line = try await Command.check("/usr/bin/htpasswd", ["-Bbn", options.user, options.password]).output
                try Data(line.utf8).write(to: htpasswd)
                credentials = Credentials(user: options.user, password: options.password)
                authSection = """
                    auth:
                      htpasswd:
                        realm: butte-test
                        path: \(htpasswd.path)

                    """
            }
            let config = directory.appendingPathComponent("config.yml")
            let yaml = """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: \(storage.path)
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: \(host)
                  secret: \(UUID().uuidString)
                \(authSection)
                """
            try Data(yaml.utf8).write(to: config)

            let process = try ServiceProcess(
                name: "docker-registry on \(host)",
                executable: executable,
                arguments: ["serve", config.path],
                workingDirectory: directory,
                logFile: directory.appendingPathComponent("registry.log")
            )
            let registry = RegistryFixture(
                port: port,
                url: url,
                credentials: credentials,
                directory: directory,
                storageDirectory: storage,
                process: process
            )
            do {
                try await registry.waitUntilReady(timeout: options.startTimeout)
            } catch {
                await registry.stop()
                throw error
            }
            return registry
        } catch {
            temporary.remove()
            throw error
        }
    }

    /// True while the registry process runs.
    public var isRunning: Bool { process.isRunning }

    /// Stops the registry (SIGTERM, then SIGKILL) and removes its temporary directory. Idempotent.
    public func stop() async {
        await process.stop()
        let first = stopped.withLock { was in
            defer { was = true }
            return !was
        }
        if first {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The URL of `path` on this registry, e.g. `url(for: "/v2/")`.
    public func url(for path: String) -> URL {
        url.appendingPathComponent(path.hasPrefix("/") ? String(path.dropFirst()) : path)
    }

    /// Sends a request to the registry, with the credentials when `authenticated` and auth is on.
    public func request(
        _ method: String = "GET",
        _ path: String,
        headers: [String: String] = [:],
        body: Data? = nil,
        authenticated: Bool = true
    ) async throws -> TestHTTPClient.Response {
        var headers = headers
        if authenticated, let credentials { headers["Authorization"] = credentials.authorization }
        return try await TestHTTPClient.send(method, url(for: path), headers: headers, body: body)
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let expected = credentials == nil ? 200 : 401
        try await Poll.until("the registry on \(host) answers GET /v2/ with \(expected)", timeout: timeout) { () async throws -> Bool? in
            try process.checkRunning()
            guard TCPProbe.isListening(port: port) else { return nil }
            let response = try await TestHTTPClient.send("GET", url(for: "/v2/"), timeout: .seconds(2))
            return response.status == expected ? true : nil
        }
    }
}

/// Starts a `RegistryFixture`, runs `body` with it, and stops it whether `body` returns or throws.
public func withRegistry<Value>(
    _ options: RegistryFixture.Options = RegistryFixture.Options(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RegistryFixture) async throws -> Value
) async throws -> Value {
    let registry = try await RegistryFixture.start(options)
    do {
        let result = try await body(registry)
        await registry.stop()
        return result
    } catch {
        await registry.stop()
        throw error
    }
}
