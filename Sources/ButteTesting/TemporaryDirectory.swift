// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh directory under the system temporary directory, created with mkdtemp(3).
public struct TemporaryDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Creates `<tmp>/<prefix>.XXXXXX`.
    /// - Throws: `FixtureError` with code `.io` when mkdtemp fails.
    public init(prefix: String) throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else {
            throw FixtureError(.io, "mkdtemp(\(base)/\(prefix).XXXXXX): \(String(cString: strerror(errno)))")
        }
        url = URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    /// Removes the directory and everything in it; a directory already gone is fine.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
