// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Launches containers of /bin/true one after another through the containerizer's Launcher and prints the
// median time from launch to observed exit, per container. Run through scripts/bench/container-start,
// which builds it in release mode; needs root.

import ButteContainerizer
import ButteLinux

#if canImport(Glibc)
    import Glibc
#endif

/// Command-line options: `--rootfs DIR [--count N] [--runtime-dir DIR] [--net none|host|both]`.
struct Options {
    var rootfs = ""
    var count = 40
    var runtimeDir = RuntimeDirectory.defaultRoot
    var networks: [ContainerSpec.Network] = [.none, .host]

    init(_ arguments: [String]) throws(BenchmarkError) {
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard index + 1 < arguments.count else { throw BenchmarkError("\(flag) needs a value") }
            let value = arguments[index + 1]
            switch flag {
            case "--rootfs": rootfs = value
            case "--runtime-dir": runtimeDir = value
            case "--count":
                guard let n = Int(value), n > 0 else { throw BenchmarkError("--count '\(value)' is not a positive integer") }
                count = n
            case "--net":
                switch value {
                case "none": networks = [.none]
                case "host": networks = [.host]
                case "both": networks = [.none, .host]
                default: throw BenchmarkError("--net '\(value)' is not 'none', 'host' or 'both'")
                }
            default:
                throw BenchmarkError("unknown option '\(flag)'; expected --rootfs DIR, --count N, --runtime-dir DIR, --net none|host|both")
            }
            index += 2
        }
        if rootfs.isEmpty { throw BenchmarkError("--rootfs DIR is required") }
    }
}

/// A usage or launch error.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func fmt(_ value: Double) -> String {
    "\((value * 100).rounded() / 100)"
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Starts one container of /bin/true and waits for its exit; returns the wall time.
func launchOnce(_ launcher: Launcher, rootfs: String, network: ContainerSpec.Network, index: Int) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let id = "bench-\(getpid())-\(index)"
    var spec = ContainerSpec(id: id, rootfs: .directory(rootfs), command: ["/bin/true"])
    spec.hostname = id
    spec.network = network
    spec.killWithLauncher = true
    let container = try await launcher.launch(spec)
    let exit = await container.wait()
    let elapsed = milliseconds(clock.now - start)
    guard exit.status == 0 else { throw BenchmarkError("container \(id) ended with \(exit)") }
    return elapsed
}

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("ButteLaunchBenchmark: \(error)")
    exit(2)
}

let launcher = Launcher(runtime: RuntimeDirectory(root: options.runtimeDir))
print("in-process Launcher: \(options.count) containers of /bin/true one after another, start to exit observed")
do {
    for network in options.networks {
        // Untimed: host facts and the seccomp program, read once per launcher.
        _ = try await launchOnce(launcher, rootfs: options.rootfs, network: network, index: -1)
        var times: [Double] = []
        for i in 0..<options.count {
            times.append(try await launchOnce(launcher, rootfs: options.rootfs, network: network, index: i))
        }
        let label = network == .none ? "own network namespace" : "host network"
        print("median per container (\(label)): \(fmt(median(times))) ms (min \(fmt(times.min()!)) ms, max \(fmt(times.max()!)) ms)")
    }
} catch {
    printError("ButteLaunchBenchmark: \(error)")
    exit(1)
}
