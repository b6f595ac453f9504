// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Logging

@testable import ButteScheduler

/// A scheduler serving on 127.0.0.1 at a free port, for tests; stop it with ``stop()``.
struct SchedulerHarness {
    let task: _Concurrency.Task<Void, any Error>
    let port: Int

    /// Starts a scheduler against `masterPort` (a closed port when nil: the REST API works without a master).
    static func start(
        masterPort: Int? = nil,
        workDir: String? = nil,
        credentials: (String, String)? = nil,
        allowPrivileged: Bool = false
    ) async throws -> SchedulerHarness {
        let closedPort = Int(try FreePort.next())
        let master = "127.0.0.1:\(masterPort ?? closedPort)"
        var configuration = SchedulerConfiguration(master: master, hostname: "127.0.0.1")
        configuration.httpAddress = "127.0.0.1"
        configuration.httpPort = 0
        configuration.workDir = workDir
        configuration.httpCredentials = credentials
        configuration.allowPrivileged = allowPrivileged
        configuration.healthCheckTick = .milliseconds(50)
        var logger = Logger(label: "test.scheduler")
        logger.logLevel = .error
        let port = MutexBox(0)
        let server = SchedulerServer(configuration: configuration, logger: logger) { bound in port.set(bound) }
        let task = Task { try await server.run() }
        return SchedulerHarness(task: task, port: try await waitForPort(port))
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// Sends a request with Marathon clients' headers and returns status, parsed JSON body (or nil) and headers.
    @discardableResult
    func request(_ method: String, _ path: String, _ body: String? = nil, headers: [String: String] = [:]) async throws -> TestHTTPClient.Response {
        var all = ["Content-Type": "application/json", "Accept": "application/json"]
        for (key, value) in headers { all[key] = value }
        return try await TestHTTPClient.send(method, url(path), headers: all, body: body.map { Data($0.utf8) })
    }

    func json(_ method: String, _ path: String, _ body: String? = nil) async throws -> (Int, JSON) {
        let response = try await request(method, path, body)
        return (response.status, (try? JSON.parse(response.body)) ?? .null)
    }
}
