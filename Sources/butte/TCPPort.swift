// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// A TCP port number given on the command line, 1–65535.
struct TCPPort: ExpressibleByArgument, Hashable, Sendable {
    var value: UInt16

    init(_ value: UInt16) { self.value = value }

    init?(argument: String) {
        guard let number = UInt16(argument), number > 0 else { return nil }
        self.value = number
    }

    var defaultValueDescription: String { String(value) }
}
