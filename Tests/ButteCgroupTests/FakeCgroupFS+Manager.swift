// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteTesting
import SystemPackage

extension FakeCgroupFS {
    /// The operations of this fake, for a `CgroupManager`.
    var operations: CgroupFileOperations {
        .emulated(
            makeDirectory: { self.makeDirectory($0) },
            removeDirectory: { self.removeDirectory($0) },
            writeFile: { self.writeFile($0, $1) }
        )
    }

    /// A manager of this fake hierarchy with leaves under `parent`.
    func manager(parent: String = "butte") throws -> CgroupManager {
        try CgroupManager(root: FilePath(root), parent: parent, operations: operations)
    }
}
