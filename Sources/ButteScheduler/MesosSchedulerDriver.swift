// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteProtocol
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A client of the Mesos v1 scheduler HTTP API: it subscribes (following 307 redirects to the leading master),
/// decodes the chunked RecordIO event stream as it arrives, hands events to the core, sends the core's calls with
/// the stream id, watches heartbeats, and reconnects with backoff when the stream ends.
public final class MesosSchedulerDriver: MesosCallSink, Sendable {
    private struct State: Sendable {
        var master: String
        var streamID: String?
        var frameworkID: String?
        var heartbeatSeconds: Double = 15
        var lastEvent = ContinuousClock.now
        var resubscribeRequested = false
    }

    private let state: MutexBox<State>
    private let outbound: AsyncStream<SchedulerCall>
    private let outboundContinuation: AsyncStream<SchedulerCall>.Continuation
    private let client: HTTPClient
    private let core: SchedulerCore
    private let frameworkInfo: FrameworkInfo
    private let logger: Logger

    /// A driver for `master` (`host:port`, with or without `http://`).
    public init(master: String, frameworkInfo: FrameworkInfo, core: SchedulerCore, client: HTTPClient, logger: Logger) {
        var address = master
        if address.hasPrefix("http://") { address.removeFirst("http://".count) }
        while address.hasSuffix("/") { address.removeLast() }
        if !address.contains(":") { address += ":5050" }
        state = MutexBox(State(master: address))
        (outbound, outboundContinuation) = AsyncStream<SchedulerCall>.makeStream()
        self.client = client
        self.core = core
        self.frameworkInfo = frameworkInfo
        self.logger = logger
    }

    /// The master currently talked to.
    public var master: String { state.get().master }

    /// Whether a subscription is open.
    public var isSubscribed: Bool { state.get().streamID != nil }

    /// Queues a call for the master; calls made while no subscription is open are dropped, since the master would
    /// refuse them and reconciliation after resubscribing recovers.
    public func send(_ call: SchedulerCall) {
        outboundContinuation.yield(call)
    }

    /// Drops the subscription and subscribes again.
    public func resubscribe() {
        state.update { $0.resubscribeRequested = true }
    }

    /// Runs until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.sendLoop() }
            group.addTask { await self.subscribeLoop() }
        }
    }

    private func sendLoop() async {
        for await var call in outbound {
            let current = state.get()
            guard let streamID = current.streamID, let frameworkID = current.frameworkID else {
                logger.debug("not subscribed; dropping \(call.type?.rawValue ?? "call")")
                continue
            }
            call.frameworkID = FrameworkID(frameworkID)
            do {
                var request = HTTPClientRequest(url: "http://\(current.master)/api/v1/scheduler")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "Accept", value: "application/json")
                request.headers.add(name: "Mesos-Stream-Id", value: streamID)
                request.body = .bytes(ByteBuffer(bytes: try ProtocolJSON.encode(call)))
                let response = try await client.execute(request, timeout: .seconds(10), logger: logger)
                let body = try await response.body.collect(upTo: 1 << 20)
                if !(200..<300).contains(Int(response.status.code)) {
                    logger.warning("master refused \(call.type?.rawValue ?? "call"): \(response.status.code) \(String(buffer: body))")
                }
            } catch {
                logger.warning("cannot send \(call.type?.rawValue ?? "call") to \(current.master): \(error)")
            }
        }
    }

    private func subscribeLoop() async {
        var backoff = Duration.milliseconds(250)
        while !_Concurrency.Task.isCancelled {
            do {
                let redirected = try await subscribeOnce()
                backoff = .milliseconds(250)
                if redirected { continue }
            } catch is CancellationError {
                break
            } catch {
                logger.warning("subscription to \(state.get().master) ended: \(error)")
            }
            state.update { $0.streamID = nil }
            await core.disconnected()
            try? await _Concurrency.Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(10))
        }
    }

    /// One subscription; returns true when the master redirected to another one.
    private func subscribeOnce() async throws -> Bool {
        let storedID = await core.storedFrameworkID
        let frameworkID = state.update { current -> String? in
            if current.frameworkID == nil { current.frameworkID = storedID }
            current.resubscribeRequested = false
            return current.frameworkID
        }
        var info = frameworkInfo
        info.id = frameworkID.map { FrameworkID($0) }
        let call = SchedulerCall(type: .subscribe, frameworkID: info.id, subscribe: .init(frameworkInfo: info))
        let master = state.get().master
        var request = HTTPClientRequest(url: "http://\(master)/api/v1/scheduler")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try ProtocolJSON.encode(call)))
        let response = try await client.execute(request, deadline: .distantFuture, logger: logger)
        switch response.status.code {
        case 200:
            break
        case 307:
            _ = try? await response.body.collect(upTo: 1 << 20)
            guard let location = response.headers.first(name: "Location"), let leader = Self.hostPort(of: location) else {
                throw SchedulerError("master \(master) redirected without a usable Location")
            }
            logger.info("master \(master) redirects to the leader \(leader)")
            state.update { $0.master = leader }
            return true
        default:
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
            throw SchedulerError("master \(master) answered SUBSCRIBE with \(response.status.code): \(body)")
        }
        let streamID = response.headers.first(name: "Mesos-Stream-Id")
        state.update {
            $0.streamID = streamID ?? ""
            $0.lastEvent = .now
        }
        logger.info("subscribed to \(master)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var decoder = RecordIODecoder()
                for try await chunk in response.body {
                    for record in try decoder.decode(chunk.readableBytesView) {
                        let event = try ProtocolJSON.decode(SchedulerEvent.self, from: record)
                        self.state.update { $0.lastEvent = .now }
                        try await self.handle(event)
                    }
                }
                throw SchedulerError("the master closed the event stream")
            }
            group.addTask {
                while true {
                    try await _Concurrency.Task.sleep(for: .milliseconds(200))
                    let current = self.state.get()
                    if current.resubscribeRequested { throw SchedulerError("resubscribing on request") }
                    let silence = ContinuousClock.now - current.lastEvent
                    if silence > .seconds(current.heartbeatSeconds * 3 + 1) {
                        throw SchedulerError("no heartbeat from the master for \(silence)")
                    }
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        return false
    }

    private func handle(_ event: SchedulerEvent) async throws {
        switch event.type {
        case .subscribed?:
            guard let subscribed = event.subscribed else { return }
            state.update {
                $0.frameworkID = subscribed.frameworkID.value
                $0.heartbeatSeconds = subscribed.heartbeatIntervalSeconds ?? 15
            }
            await core.subscribed(frameworkID: subscribed.frameworkID.value)
        case .offers?:
            await core.handleOffers(event.offers?.offers ?? [])
        case .update?:
            if let status = event.update?.status { await core.handleUpdate(status) }
        case .rescind?:
            if let offerID = event.rescind?.offerID { await core.handleRescind(offerID) }
        case .error?:
            let message = event.error?.message ?? ""
            logger.error("master error: \(message)")
            if message.contains("removed") {
                // A torn-down framework id cannot be reused: register anew.
                state.update { $0.frameworkID = nil }
                await core.forgetFrameworkID()
            }
            throw SchedulerError("master error: \(message)")
        case .failure?:
            logger.info("agent or executor failure: \(event.failure.map { "\($0)" } ?? "")")
        default:
            break
        }
    }

    /// `host:port` of a Location such as `//10.0.0.2:5050/api/v1/scheduler` or `http://m2:5050`.
    static func hostPort(of location: String) -> String? {
        var text = location
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        while text.hasPrefix("/") { text.removeFirst() }
        let host = text.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        return host.isEmpty ? nil : host
    }
}
