// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// One probe the scheduler runs against a task: an HTTP GET or a TCP connect.
public struct HealthProbe: Sendable, Hashable {
    /// The task.
    public var taskID: String
    /// Index of the check in the app.
    public var checkIndex: Int
    /// `HTTP`, `HTTPS` or `TCP`.
    public var protocolName: String
    /// Host to probe.
    public var host: String
    /// Port to probe.
    public var port: UInt32
    /// HTTP path.
    public var path: String
    /// Seconds before the probe fails.
    public var timeoutSeconds: Double
    /// Whether 1xx answers are ignored.
    public var ignoreHttp1xx: Bool
}

extension SchedulerCore {
    /// Probes due now; each is scheduled again one interval later.
    public func dueProbes() -> [HealthProbe] {
        let now = Timestamp.now()
        var probes: [HealthProbe] = []
        for state in apps.values where !state.deleting {
            let app = state.app
            for task in state.tasks.values where task.isRunning && !task.killRequested {
                for (index, check) in app.healthChecks.enumerated() where check.probedByScheduler {
                    let due = nextProbe[task.id]?[index] ?? (task.startedAt ?? now)
                    guard due <= now else { continue }
                    nextProbe[task.id, default: [:]][index] = Timestamp(milliseconds: now.milliseconds + Int64(check.intervalSeconds * 1000))
                    let port: UInt32?
                    if let fixed = check.port {
                        port = fixed
                    } else if let portIndex = check.portIndex, portIndex < task.ports.count {
                        port = task.ports[portIndex]
                    } else {
                        port = nil
                    }
                    guard let port else { continue }
                    probes.append(
                        HealthProbe(
                            taskID: task.id, checkIndex: index, protocolName: check.protocolName, host: task.host, port: port,
                            path: check.path ?? "/", timeoutSeconds: check.timeoutSeconds, ignoreHttp1xx: check.ignoreHttp1xx
                        )
                    )
                }
            }
        }
        return probes
    }

    /// Records a probe's outcome: failures inside the grace period before a first success do not count; after
    /// `maxConsecutiveFailures` the task is killed and replaced.
    public func recordProbe(_ probe: HealthProbe, healthy: Bool, cause: String?) {
        guard let appID = SchedulerTask.appID(fromTaskID: probe.taskID), var state = apps[appID], var task = state.tasks[probe.taskID],
            probe.checkIndex < state.app.healthChecks.count, !task.killRequested
        else { return }
        let check = state.app.healthChecks[probe.checkIndex]
        let now = Timestamp.now()
        var result = task.healthResults[probe.checkIndex] ?? HealthResult()
        let wasAlive = task.healthResults[probe.checkIndex]?.alive
        if healthy {
            result.alive = true
            result.consecutiveFailures = 0
            result.lastSuccess = now
            if result.firstSuccess == nil { result.firstSuccess = now }
        } else {
            let started = task.startedAt ?? task.stagedAt
            let inGrace = result.firstSuccess == nil && now.milliseconds < started.milliseconds + Int64(check.gracePeriodSeconds * 1000)
            result.lastFailure = now
            result.lastFailureCause = cause
            if inGrace {
                task.healthResults[probe.checkIndex] = result
                state.tasks[task.id] = task
                apps[appID] = state
                return
            }
            result.alive = false
            result.consecutiveFailures += 1
            events.publish(
                "failed_health_check_event",
                ["appId": .string(appID.description), "taskId": .string(task.id), "healthCheck": AppDefinition.json(healthCheck: check)]
            )
        }
        task.healthResults[probe.checkIndex] = result
        state.tasks[task.id] = task
        if wasAlive != result.alive {
            events.publish(
                "health_status_changed_event",
                [
                    "appId": .string(appID.description), "instanceId": .string(task.id), "version": .string(task.version.description),
                    "alive": .bool(result.alive),
                ]
            )
            events.publish(
                "instance_health_changed_event",
                [
                    "instanceId": .string(task.id), "runSpecId": .string(appID.description), "runSpecVersion": .string(task.version.description),
                    "healthy": .bool(task.isHealthy(for: state.app)),
                ]
            )
        }
        if !healthy, check.maxConsecutiveFailures > 0, result.consecutiveFailures >= check.maxConsecutiveFailures {
            events.publish(
                "unhealthy_instance_kill_event",
                [
                    "appId": .string(appID.description), "taskId": .string(task.id), "instanceId": .string(task.id),
                    "version": .string(task.version.description), "reason": .string(cause ?? "health check failed"),
                    "host": .string(task.host), "slaveId": .string(task.agentID),
                ]
            )
            logger.info("killing unhealthy task \(task.id) after \(result.consecutiveFailures) failed checks")
            kill(&state, task.id)
        }
        apps[appID] = state
        converge()
    }
}
