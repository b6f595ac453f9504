// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Butte's release version, a plain dotted string as `GET /version` reports it.
enum ButteVersion {
    static let current = "0.1.0"
}
