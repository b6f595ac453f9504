// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A Mesos master for tests, on 127.0.0.1: it speaks the v1 scheduler API to one framework with one agent,
/// offers that agent's resources whenever the framework is not suppressed, and plays the agent's part for tasks
/// (TASK_RUNNING at once when `autoRun`, TASK_KILLED on KILL, reconciliation answers).
final class FakeMaster: Sendable {
    struct State {
        var stream: AsyncStream<ByteBuffer>.Continuation?
        var calls: [SchedulerCall] = []
        var suppressed = false
        var tasks: [String: (info: TaskInfo, state: TaskState)] = [:]
        var usedPorts: Set<UInt64> = []
        var offerCounter = 0
        var autoRun = true
        var subscriptions = 0
    }

    let state = Mutex(State())
    let frameworkID = "fake-framework-0001"
    let agentID = "fake-agent-S0"
    let hostname = "127.0.0.1"

    /// Every call received, in order.
    var calls: [SchedulerCall] { state.withLock { $0.calls } }

    /// Number of SUBSCRIBE calls answered.
    var subscriptions: Int { state.withLock { $0.subscriptions } }

    /// Tasks launched and their states.
    var taskStates: [String: TaskState] { state.withLock { $0.tasks.mapValues(\.state) } }

    /// Whether launched tasks report TASK_RUNNING at once (else they stay TASK_STAGING until ``runAll()``).
    func setAutoRun(_ value: Bool) { state.withLock { $0.autoRun = value } }

    func calls(of type: SchedulerCall.Kind) -> [SchedulerCall] { calls.filter { $0.type == type } }

    private func push(_ event: SchedulerEvent) {
        guard let framed = try? RecordIO.frame(message: event) else { return }
        _ = state.withLock { $0.stream?.yield(ByteBuffer(bytes: framed)) }
    }

    private func update(_ taskID: String, _ taskState: TaskState, uuid: Bool = true, healthy: Bool? = nil) {
        var status = TaskStatus(taskID: TaskID(taskID), state: taskState, source: uuid ? .executor : .master, agentID: AgentID(agentID))
        status.timestamp = Date().timeIntervalSince1970
        if uuid { status.uuid = StatusUUID.random() }
        status.healthy = healthy
        push(.update(status))
    }

    /// Sends TASK_RUNNING for every staging task.
    func runAll() {
        let staging = state.withLock { current -> [String] in
            let ids = current.tasks.filter { $0.value.state == .staging }.map(\.key)
            for id in ids { current.tasks[id]!.state = .running }
            return ids
        }
        for id in staging { update(id, .running) }
    }

    /// Reports a task as failed (as if its process exited non-zero).
    func fail(_ taskID: String) {
        state.withLock { $0.tasks[taskID]?.state = .failed }
        update(taskID, .failed)
    }

    /// Closes the event stream (as a master failover would).
    func dropStream() {
        state.withLock { current in
            current.stream?.finish()
            current.stream = nil
        }
    }

    private func offer() {
        let (offerID, ports) = state.withLock { current -> (String, [Value.Range]) in
            current.offerCounter += 1
            var ranges: [Value.Range] = []
            var start: UInt64 = 31000
            for port in current.usedPorts.sorted() where port >= 31000 && port <= 31999 {
                if port > start { ranges.append(Value.Range(begin: start, end: port - 1)) }
                start = port + 1
            }
            if start <= 31999 { ranges.append(Value.Range(begin: start, end: 31999)) }
            return ("offer-\(current.offerCounter)", ranges)
        }
        let offer = Offer(
            id: OfferID(offerID),
            frameworkID: FrameworkID(frameworkID),
            agentID: AgentID(agentID),
            hostname: hostname,
            resources: [
                Resource(name: "cpus", type: .scalar, scalar: .init(value: 8), role: "*"),
                Resource(name: "mem", type: .scalar, scalar: .init(value: 8192), role: "*"),
                Resource(name: "disk", type: .scalar, scalar: .init(value: 10000), role: "*"),
                Resource(name: "ports", type: .ranges, ranges: .init(range: ports), role: "*"),
            ],
            attributes: [Attribute(name: "rack", type: .text, text: .init(value: "r1"))]
        )
        push(.offers([offer]))
    }

    private func offerSoon() {
        _Concurrency.Task {
            try? await _Concurrency.Task.sleep(for: .milliseconds(30))
            if !self.state.withLock({ $0.suppressed }) { self.offer() }
        }
    }

    /// Handles one POST to /api/v1/scheduler.
    func handle(_ body: ByteBuffer) -> Response {
        guard let call = try? ProtocolJSON.decode(SchedulerCall.self, from: Data(body.readableBytesView)) else {
            return Response(status: .badRequest)
        }
        state.withLock { $0.calls.append(call) }
        switch call.type {
        case .subscribe?:
            let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
            state.withLock { current in
                current.stream?.finish()
                current.stream = continuation
                current.suppressed = false
                current.subscriptions += 1
            }
            push(.subscribed(frameworkID: FrameworkID(frameworkID), heartbeatIntervalSeconds: 15))
            push(SchedulerEvent(type: .heartbeat))
            offerSoon()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("Mesos-Stream-Id")!] = "stream-\(UUID().uuidString)"
            return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: stream))
        case .accept?:
            let launched = call.accept?.operations.flatMap { $0.launch?.taskInfos ?? [] } ?? []
            let autoRun = state.withLock { current -> Bool in
                for info in launched {
                    current.tasks[info.taskID.value] = (info, .staging)
                    for resource in info.resources where resource.name == "ports" {
                        for range in resource.ranges?.range ?? [] { current.usedPorts.formUnion(range.begin...range.end) }
                    }
                }
                return current.autoRun
            }
            for info in launched { update(info.taskID.value, .staging) }
            if autoRun { runAll() }
            offerSoon()
        case .decline?:
            offerSoon()
        case .revive?:
            state.withLock { $0.suppressed = false }
            offerSoon()
        case .suppress?:
            state.withLock { $0.suppressed = true }
        case .kill?:
            if let taskID = call.kill?.taskID.value {
                let known = state.withLock { current -> Bool in
                    guard current.tasks[taskID] != nil else { return false }
                    current.tasks[taskID]!.state = .killed
                    return true
                }
                update(taskID, known ? .killed : .lost, uuid: known)
            }
        case .reconcile?:
            let asked = call.reconcile?.tasks.map(\.taskID.value) ?? []
            let known = state.withLock { $0.tasks.mapValues(\.state) }
            let ids = asked.isEmpty ? Array(known.keys) : asked
            for id in ids {
                update(id, known[id] ?? .lost, uuid: false)
            }
        default:
            break
        }
        return Response(status: .accepted)
    }

    /// Starts the master on a free port; returns the running task (cancel it to stop) and the port.
    func start() async throws -> (_Concurrency.Task<Void, any Error>, Int) {
        let port = MutexBox(0)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 24)
            return self.handle(body)
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) }
        )
        let task = _Concurrency.Task { try await app.run() }
        let bound = try await waitForPort(port)
        return (task, bound)
    }
}

/// A value behind a mutex, for tests.
final class MutexBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func get() -> Value { mutex.withLock { $0 } }
    func set(_ value: Value) { mutex.withLock { $0 = value } }
    func update(_ body: (inout Value) -> Void) { mutex.withLock { body(&$0) } }
}

/// Waits until a server reported its port.
func waitForPort(_ port: MutexBox<Int>) async throws -> Int {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(20))
    while port.get() == 0 {
        guard clock.now < deadline else { throw CancellationError() }
        try await _Concurrency.Task.sleep(for: .milliseconds(10))
    }
    return port.get()
}
