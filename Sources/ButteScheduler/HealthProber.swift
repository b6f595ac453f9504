// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Runs the scheduler-side health checks (HTTP, HTTPS, TCP) the core asks for and reports the results back.
public struct HealthProber: Sendable {
    let core: SchedulerCore
    let client: HTTPClient
    let tick: Duration

    /// A prober for a core.
    public init(core: SchedulerCore, client: HTTPClient, tick: Duration) {
        self.core = core
        self.client = client
        self.tick = tick
    }

    /// Runs until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                for probe in await core.dueProbes() {
                    group.addTask {
                        let (healthy, cause) = await self.probe(probe)
                        await self.core.recordProbe(probe, healthy: healthy, cause: cause)
                    }
                }
                do {
                    try await Task.sleep(for: tick)
                } catch {
                    break
                }
            }
        }
    }

    /// Runs one probe: an HTTP GET answered with 2xx or 3xx, or a TCP connection accepted, within the timeout.
    public func probe(_ probe: HealthProbe) async -> (Bool, String?) {
        let timeout = TimeAmount.milliseconds(Int64(max(probe.timeoutSeconds, 0.1) * 1000))
        if probe.protocolName == "TCP" {
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(timeout)
                    .connect(host: probe.host, port: Int(probe.port))
                    .get()
                try? await channel.close().get()
                return (true, nil)
            } catch {
                return (false, "TCP connection to \(probe.host):\(probe.port) failed: \(error)")
            }
        }
        let scheme = probe.protocolName == "HTTPS" ? "https" : "http"
        let path = probe.path.hasPrefix("/") ? probe.path : "/" + probe.path
        do {
            let request = HTTPClientRequest(url: "\(scheme)://\(probe.host):\(probe.port)\(path)")
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 1 << 20)
            let code = Int(response.status.code)
            if (200..<400).contains(code) { return (true, nil) }
            return (false, "HTTP \(code) from \(path)")
        } catch {
            return (false, "HTTP request to \(probe.host):\(probe.port)\(path) failed: \(error)")
        }
    }
}
