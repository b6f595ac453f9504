// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    var trimmed: String {
        var s = self[...]
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    /// The text with every space and tab removed, as Mesos does before parsing a value.
    var withoutBlanks: String {
        String(filter { $0 != " " && $0 != "\t" })
    }

    /// The pieces between `separator`s, empty pieces included.
    func pieces(separatedBy separator: Character) -> [String] {
        var result: [String] = []
        var current = ""
        for character in self {
            if character == separator {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result
    }

    /// True when every character is an ASCII digit and there is at least one.
    var isASCIIDigits: Bool {
        !isEmpty && allSatisfy { $0.isASCII && $0.isNumber }
    }
}
