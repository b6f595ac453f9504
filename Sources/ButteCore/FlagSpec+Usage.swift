// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension FlagSpec {
    /// The flag list for `--help`, sorted by name, in stout's shape:
    ///
    /// ```
    ///   --[no-]strict         If strict=true, any and all recovery errors are considered
    ///                         fatal. (default: true)
    ///   --work_dir=VALUE      Path of the agent work directory. (required)
    /// ```
    ///
    /// Help text is wrapped at `width` columns; line breaks in it are kept. When the flag column
    /// is wider than a third of the width, the help starts on the next line.
    public static func usage(_ specs: [FlagSpec], width: Int = 80) -> String {
        let sorted = specs.sorted { $0.name < $1.name }
        let heads = sorted.map { spec in
            spec.kind == .boolean ? "  --[no-]\(spec.name)" : "  --\(spec.name)=VALUE"
        }
        let limit = max(width / 3, 12)
        let column = min((heads.map(\.count).max() ?? 0) + 2, limit)
        let textWidth = max(width - column, 20)
        var output = ""
        for (spec, head) in zip(sorted, heads) {
            var help = spec.help.trimmed
            // The note is kept on one line: its space is protected from wrapping.
            var note: String?
            if spec.isRequired && spec.defaultValue == nil {
                note = "(required)"
            } else if let defaultValue = spec.defaultValue {
                note = "(default:\u{0}\(defaultValue))"
            }
            if let note { help += help.isEmpty ? note : " " + note }
            let lines = wrap(help, width: textWidth).map { String($0.map { $0 == "\u{0}" ? " " : $0 }) }
            let indent = String(repeating: " ", count: column)
            var first = true
            if head.count + 1 > column {
                output += head + "\n"
                first = false
            }
            for line in lines.isEmpty ? [""] : lines {
                if first {
                    output += head + String(repeating: " ", count: column - head.count) + line + "\n"
                    first = false
                } else {
                    output += indent + line + "\n"
                }
            }
        }
        return output
    }

    /// Greedy word wrap; explicit line breaks start new lines; a word longer than `width` gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.pieces(separatedBy: "\n") {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }
}
