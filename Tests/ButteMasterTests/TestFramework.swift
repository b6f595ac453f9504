// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import ButteTesting
import Foundation

/// A framework speaking the v1 scheduler API over HTTP, as pymesos does.
final class TestFramework: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let harness: MasterHarness
    let stream: StreamClient
    let frameworkID: FrameworkID
    let streamID: String

    private init(harness: MasterHarness, stream: StreamClient, frameworkID: FrameworkID, streamID: String) {
        self.harness = harness
        self.stream = stream
        self.frameworkID = frameworkID
        self.streamID = streamID
    }

    /// A pymesos-style SUBSCRIBE body.
    static func subscribeJSON(id: String? = nil, name: String = "demo", failoverTimeout: Double = 100, capabilities: [String] = ["GPU_RESOURCES"])
        -> String
    {
        let caps = capabilities.map { "{\"type\":\"\($0)\"}" }.joined(separator: ",")
        let idField = id.map { ",\"id\":{\"value\":\"\($0)\"}" } ?? ""
        let top = id.map { "\"framework_id\":{\"value\":\"\($0)\"}," } ?? ""
        return """
            {"type":"SUBSCRIBE",\(top)"subscribe":{"framework_info":{"user":"bob","name":"\(name)","hostname":"h"\(idField),\
            "failover_timeout":\(failoverTimeout),"capabilities":[\(caps)]}}}
            """
    }

    /// Subscribes and reads SUBSCRIBED and the immediate HEARTBEAT.
    static func subscribe(_ harness: MasterHarness, json: String = subscribeJSON()) async throws -> TestFramework {
        let stream = try await harness.subscribe(
            "/api/v1/scheduler", json: json, headers: ["Accept": "application/json", "Connection": "close"])
        guard stream.status == 200, let streamID = stream.headers["mesos-stream-id"] else {
            throw Failure(description: "SUBSCRIBE answered \(stream.status)")
        }
        let first = try await stream.next(SchedulerEvent.self)
        guard first.type == .subscribed, let frameworkID = first.subscribed?.frameworkID else {
            throw Failure(description: "first event is \(first)")
        }
        let second = try await stream.next(SchedulerEvent.self)
        guard second.type == .heartbeat else { throw Failure(description: "second event is \(second), not HEARTBEAT") }
        return TestFramework(harness: harness, stream: stream, frameworkID: frameworkID, streamID: streamID)
    }

    /// Posts a call on the current stream.
    @discardableResult
    func post(_ call: SchedulerCall) async throws -> TestHTTPClient.Response {
        var call = call
        call.frameworkID = frameworkID
        return try await harness.post("/api/v1/scheduler", call: call, streamID: streamID)
    }

    /// The next event other than HEARTBEAT.
    func next(skipOffers: Bool = false) async throws -> SchedulerEvent { try await stream.nextScheduler(skipOffers: skipOffers) }

    /// Waits for the next OFFERS event.
    func nextOffers() async throws -> [Offer] {
        while true {
            let event = try await stream.nextScheduler()
            if event.type == .offers { return event.offers?.offers ?? [] }
        }
    }
}
