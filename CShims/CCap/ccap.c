// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#include "CCap.h"

#include <errno.h>
#include <string.h>
#include <sys/capability.h>

int ccap_from_name(const char *name) {
    cap_value_t v;
    if (cap_from_name(name, &v) != 0) return -EINVAL;
    if (v < 0) return -EINVAL;
    return v;
}

int ccap_to_name(int value, char *buf, size_t size) {
    char *name = cap_to_name(value);
    if (name == NULL) return errno != 0 ? -errno : -ENOMEM;
    size_t n = strlen(name);
    int rc = 0;
    if (n + 1 > size) {
        rc = -ERANGE;
    } else {
        memcpy(buf, name, n + 1);
    }
    cap_free(name);
    return rc;
}

int ccap_get_sets(int pid, struct ccap_sets *out) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = pid};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (capget(&header, data) != 0) return -errno;
    for (int i = 0; i < 2; i++) {
        out->effective[i] = data[i].effective;
        out->permitted[i] = data[i].permitted;
        out->inheritable[i] = data[i].inheritable;
    }
    return 0;
}

static int read_vector(int last_cap, uint64_t *out, int (*get)(cap_value_t)) {
    if (last_cap < 0 || last_cap > 63) return -EINVAL;
    uint64_t mask = 0;
    for (int c = 0; c <= last_cap; c++) {
        errno = 0;
        int r = get(c);
        if (r < 0) return errno != 0 ? -errno : -EINVAL;
        if (r > 0) mask |= (uint64_t)1 << c;
    }
    *out = mask;
    return 0;
}

int ccap_get_bounding(int last_cap, uint64_t *out) { return read_vector(last_cap, out, cap_get_bound); }

int ccap_get_ambient(int last_cap, uint64_t *out) { return read_vector(last_cap, out, cap_get_ambient); }
