// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Tunables of the `Allocator`, with Mesos's defaults.
package struct AllocatorConfiguration: Sendable, Equatable {
    /// An offer is made only when its resources reach at least one of these quantities
    /// (Mesos `--min_allocatable_resources`, default `cpus:0.01|mem:32`). Empty: any non-empty offer.
    package var minAllocatable: [ResourceQuantities]
    /// When true (Mesos `--filter_gpu_resources`, the default), agents that have GPUs are offered only
    /// to frameworks with the GPU_RESOURCES capability, so GPU machines are not filled with CPU work.
    package var filterGPUResources: Bool

    /// Creates a configuration; the defaults are Mesos's.
    package init(minAllocatable: [ResourceQuantities] = [.init(cpus: .init(thousandths: 10)), .init(mem: 32)], filterGPUResources: Bool = true) {
        self.minAllocatable = minAllocatable
        self.filterGPUResources = filterGPUResources
    }
}
