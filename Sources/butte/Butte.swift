// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser

@main
struct Butte: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "butte", abstract: "A cluster manager for Linux hosts.")
}
