// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Parsers for the shapes of cgroup v2 interface files (Documentation/admin-guide/cgroup-v2.rst, "Interface
/// Files"): a single value, "max" or a number, and flat keyed lines "key value".
public enum CgroupFileParser {
    /// The lines "key value" of a flat keyed file (`cpu.stat`, `memory.stat`, `memory.events`, `cgroup.events`).
    ///
    /// - Parameter file: the file's name, for the error message.
    /// - Throws: `CgroupError` (`.malformedFile`) naming the line that is not "key unsigned-number".
    public static func keyedValues(_ text: String, file: String) throws(CgroupError) -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, let value = UInt64(fields[1]) else {
                throw CgroupError(.malformedFile, "\(file) has a line '\(line)' that is not 'key number'")
            }
            values[String(fields[0])] = value
        }
        return values
    }

    /// A file holding one unsigned number (`memory.current`, `pids.current`).
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) when it holds anything else.
    public static func number(_ text: String, file: String) throws(CgroupError) -> UInt64 {
        let trimmed = text.trimmingWhitespace()
        guard let value = UInt64(trimmed) else {
            throw CgroupError(.malformedFile, "\(file) holds '\(trimmed)', not a number")
        }
        return value
    }

    /// A limit file holding a number or "max" (`memory.max`, `pids.max`); nil for "max".
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) when it holds anything else.
    public static func limit(_ text: String, file: String) throws(CgroupError) -> UInt64? {
        if text.trimmingWhitespace() == "max" { return nil }
        return try number(text, file: file)
    }

    /// A pid from a line of `cgroup.procs`.
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) for anything but a positive decimal number.
    public static func pid(_ text: String) throws(CgroupError) -> Int32 {
        let trimmed = text.trimmingWhitespace()
        guard let pid = Int32(trimmed), pid > 0, trimmed.allSatisfy(\.isASCII) else {
            throw CgroupError(.malformedFile, "'\(trimmed)' in cgroup.procs is not a pid")
        }
        return pid
    }

    /// The pids listed in `cgroup.procs` (one a line).
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) for a line that is not a pid.
    public static func pids(_ text: String) throws(CgroupError) -> [Int32] {
        var pids: [Int32] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            pids.append(try pid(String(line)))
        }
        return pids
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\n" || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\n" || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
