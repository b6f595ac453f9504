// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#ifndef CCAP_H
#define CCAP_H

#include <stddef.h>
#include <stdint.h>

/// The capability sets of one process as `capget(2)` returns them (version 3: two 32-bit words per set,
/// word 0 holding capabilities 0–31 and word 1 capabilities 32–63).
struct ccap_sets {
    /// Effective set, words 0 and 1.
    uint32_t effective[2];
    /// Permitted set, words 0 and 1.
    uint32_t permitted[2];
    /// Inheritable set, words 0 and 1.
    uint32_t inheritable[2];
};

/// Resolves a capability name as libcap spells it ("cap_net_raw", case-insensitive) to its number.
/// Returns the number (>= 0), or -EINVAL when libcap does not know the name.
int ccap_from_name(const char *name);

/// Writes libcap's name for capability `value` ("cap_net_raw"; a decimal number for capabilities libcap
/// does not know) into `buf`. Returns 0, -ERANGE when `size` is too small, or -errno.
int ccap_to_name(int value, char *buf, size_t size);

/// Reads the effective, permitted and inheritable sets of process `pid` (0: the calling thread) with
/// `capget(2)`. Returns 0 or -errno.
int ccap_get_sets(int pid, struct ccap_sets *out);

/// Reads the calling thread's bounding set: bit n of the result is set when capability n (0 ≤ n ≤ `last_cap`)
/// is in the set. Returns 0 or -errno.
int ccap_get_bounding(int last_cap, uint64_t *out);

/// Reads the calling thread's ambient set, as `ccap_get_bounding` does. Returns 0 or -errno.
int ccap_get_ambient(int last_cap, uint64_t *out);

#endif
