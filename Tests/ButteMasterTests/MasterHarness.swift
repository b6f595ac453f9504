// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteMaster
import ButteProtocol
import ButteTesting
import Foundation
import Logging

/// A master serving on 127.0.0.1 on a free port, with a manual clock, for one test.
final class MasterHarness: Sendable {
    let master: Master
    let clock: ManualMasterClock
    let port: UInt16
    let configuration: MasterConfiguration
    private let serverTask: _Concurrency.Task<Void, any Error>

    /// Starts a master and waits until it answers `/health`.
    init(registry: any Registry = InMemoryRegistry(), configure: (inout MasterConfiguration) -> Void = { _ in }) async throws {
        let port = try FreePort.next()
        var configuration = MasterConfiguration(ip: "127.0.0.1", port: Int(port), hostname: "127.0.0.1")
        configure(&configuration)
        let clock = ManualMasterClock()
        var logger = Logger(label: "test.master")
        logger.logLevel = .critical
        let master = try Master(configuration: configuration, registry: registry, clock: clock, logger: logger)
        try await master.recover()
        let server = MasterServer(master: master, configuration: configuration, logger: logger)
        self.master = master
        self.clock = clock
        self.port = port
        self.configuration = configuration
        self.serverTask = _Concurrency.Task { try await server.run() }
        try await Poll.until("master on 127.0.0.1:\(port) answers /health", timeout: .seconds(20)) { () -> Bool? in
            let response = try await TestHTTPClient.send("GET", self.url("/health"))
            return response.status == 200 ? true : nil
        }
    }

    /// Stops the server.
    func stop() async {
        serverTask.cancel()
        _ = await serverTask.result
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// GET a path.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> TestHTTPClient.Response {
        try await TestHTTPClient.send("GET", url(path), headers: headers)
    }

    /// POST a JSON body (Content-Type application/json unless `headers` say otherwise).
    func post(_ path: String, json: String, headers: [String: String] = [:]) async throws -> TestHTTPClient.Response {
        var fields = headers
        if !fields.keys.contains(where: { $0.lowercased() == "content-type" }) { fields["Content-Type"] = "application/json" }
        return try await TestHTTPClient.send("POST", url(path), headers: fields, body: Data(json.utf8))
    }

    /// POST an encoded call.
    func post(_ path: String, call: some Encodable, streamID: String?) async throws -> TestHTTPClient.Response {
        var headers = ["Content-Type": "application/json"]
        if let streamID { headers["Mesos-Stream-Id"] = streamID }
        return try await TestHTTPClient.send("POST", url(path), headers: headers, body: try ProtocolJSON.encode(call))
    }

    /// Opens a SUBSCRIBE stream.
    func subscribe(_ path: String, json: String, headers: [String: String] = [:]) async throws -> StreamClient {
        try await StreamClient.open(port: port, path: path, body: Data(json.utf8), headers: headers)
    }

    /// GETs a JSON object.
    func getJSON(_ path: String) async throws -> [String: Any] {
        let response = try await get(path)
        return try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
    }
}
