// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension CgroupLimitReport {
    /// A cpu count as users write it: "1", "0.5", "0.25".
    static func format(cpus: Double) -> String {
        if cpus == cpus.rounded() && abs(cpus) < 1e15 { return String(Int(cpus)) }
        return String(cpus)
    }

    /// A byte count in the largest binary unit that divides it: "64 MiB", "1536 KiB", "1000 bytes".
    static func format(bytes: UInt64) -> String {
        let units: [(UInt64, String)] = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, unit) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
