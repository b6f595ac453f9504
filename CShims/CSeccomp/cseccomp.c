// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#define _GNU_SOURCE

#include "CSeccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// The header mirrors libseccomp and kernel values so that Swift does not import all of <seccomp.h>.
_Static_assert(CSECCOMP_ACT_KILL_PROCESS == SCMP_ACT_KILL_PROCESS, "action value");
_Static_assert(CSECCOMP_ACT_KILL_THREAD == SCMP_ACT_KILL_THREAD, "action value");
_Static_assert(CSECCOMP_ACT_TRAP == SCMP_ACT_TRAP, "action value");
_Static_assert(CSECCOMP_ACT_NOTIFY == SCMP_ACT_NOTIFY, "action value");
_Static_assert(CSECCOMP_ACT_LOG == SCMP_ACT_LOG, "action value");
_Static_assert(CSECCOMP_ACT_ALLOW == SCMP_ACT_ALLOW, "action value");
_Static_assert((int)CSECCOMP_CMP_NE == (int)SCMP_CMP_NE, "compare value");
_Static_assert((int)CSECCOMP_CMP_LT == (int)SCMP_CMP_LT, "compare value");
_Static_assert((int)CSECCOMP_CMP_LE == (int)SCMP_CMP_LE, "compare value");
_Static_assert((int)CSECCOMP_CMP_EQ == (int)SCMP_CMP_EQ, "compare value");
_Static_assert((int)CSECCOMP_CMP_GE == (int)SCMP_CMP_GE, "compare value");
_Static_assert((int)CSECCOMP_CMP_GT == (int)SCMP_CMP_GT, "compare value");
_Static_assert((int)CSECCOMP_CMP_MASKED_EQ == (int)SCMP_CMP_MASKED_EQ, "compare value");
_Static_assert(sizeof(struct cseccomp_insn) == sizeof(struct sock_filter), "sock_filter layout");
_Static_assert(offsetof(struct cseccomp_insn, k) == offsetof(struct sock_filter, k), "sock_filter layout");

#define CSECCOMP_MAX_ARGS 6

struct cseccomp_filter {
    scmp_filter_ctx ctx;
};

int cseccomp_filter_create(uint32_t default_action, struct cseccomp_filter **out) {
    int rc;
    struct cseccomp_filter *f = calloc(1, sizeof(*f));
    if (f == NULL) return -ENOMEM;
    f->ctx = seccomp_init(default_action);
    if (f->ctx == NULL) {
        // seccomp_init only fails on a bad action or out of memory.
        rc = -EINVAL;
        goto fail;
    }
    // Report the real errno of libseccomp's internal failures rather than -ECANCELED.
    rc = seccomp_attr_set(f->ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
    if (rc < 0) goto fail;
    // A call from an ABI the filter does not know must not survive: kill the whole process, not one thread.
    rc = seccomp_attr_set(f->ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc < 0) goto fail;
    // The program is loaded raw by the child, which sets no_new_privs itself.
    rc = seccomp_attr_set(f->ctx, SCMP_FLTATR_CTL_NNP, 0);
    if (rc < 0) goto fail;
    *out = f;
    return 0;
fail:
    cseccomp_filter_destroy(f);
    return rc;
}

void cseccomp_filter_destroy(struct cseccomp_filter *filter) {
    if (filter == NULL) return;
    if (filter->ctx != NULL) seccomp_release(filter->ctx);
    free(filter);
}

uint32_t cseccomp_arch_native(void) { return seccomp_arch_native(); }

int cseccomp_arch_resolve(const char *name, uint32_t *token) {
    uint32_t t = seccomp_arch_resolve_name(name);
    if (t == 0) return -EINVAL;
    *token = t;
    return 0;
}

int cseccomp_filter_add_arch(struct cseccomp_filter *filter, uint32_t arch_token) {
    int rc = seccomp_arch_add(filter->ctx, arch_token);
    if (rc == -EEXIST) return 0;
    return rc;
}

int cseccomp_filter_set_optimize(struct cseccomp_filter *filter, uint32_t level) {
    return seccomp_attr_set(filter->ctx, SCMP_FLTATR_CTL_OPTIMIZE, level);
}

int cseccomp_syscall_resolve(uint32_t arch_token, const char *name, int32_t *nr) {
    int n = arch_token == 0 ? seccomp_syscall_resolve_name(name) : seccomp_syscall_resolve_name_arch(arch_token, name);
    if (n == __NR_SCMP_ERROR) return -ENOENT;
    *nr = n;
    return 0;
}

int cseccomp_filter_add_rule(struct cseccomp_filter *filter, uint32_t action, const char *name,
                             const struct cseccomp_arg_cmp *args, uint32_t arg_count) {
    struct scmp_arg_cmp cmps[CSECCOMP_MAX_ARGS];
    if (arg_count > CSECCOMP_MAX_ARGS) return -E2BIG;
    // Resolve against the native table: libseccomp translates the number (or pseudo number) for the
    // other architectures of the filter and leaves out those where the call does not exist.
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) return CSECCOMP_SKIPPED_UNKNOWN;
    for (uint32_t i = 0; i < arg_count; i++) {
        if (args[i].index >= CSECCOMP_MAX_ARGS) return -EINVAL;
        if (args[i].op < CSECCOMP_CMP_NE || args[i].op > CSECCOMP_CMP_MASKED_EQ) return -EINVAL;
        cmps[i].arg = args[i].index;
        cmps[i].op = (enum scmp_compare)args[i].op;
        cmps[i].datum_a = args[i].datum_a;
        cmps[i].datum_b = args[i].datum_b;
    }
    return seccomp_rule_add_array(filter->ctx, action, nr, arg_count, arg_count > 0 ? cmps : NULL);
}

static void close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
}

int cseccomp_filter_export(struct cseccomp_filter *filter, struct cseccomp_insn *buf, size_t capacity,
                           size_t *count) {
    // libseccomp 2.5 has no seccomp_export_bpf_mem (added in 2.6): export into an anonymous memory file.
    __attribute__((cleanup(close_fd))) int fd = memfd_create("butte-seccomp", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    int rc = seccomp_export_bpf(filter->ctx, fd);
    if (rc < 0) return rc;
    struct stat st;
    if (fstat(fd, &st) < 0) return -errno;
    if (st.st_size % sizeof(struct cseccomp_insn) != 0) return -EPROTO;
    size_t n = (size_t)st.st_size / sizeof(struct cseccomp_insn);
    *count = n;
    if (buf == NULL || capacity < n) return -ENOSPC;
    size_t done = 0;
    size_t total = (size_t)st.st_size;
    while (done < total) {
        ssize_t r = pread(fd, (char *)buf + done, total - done, (off_t)done);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (r == 0) return -EIO;
        done += (size_t)r;
    }
    return 0;
}

static long probe_call(uint32_t abi, long nr, const uint64_t a[6]) {
#if defined(__x86_64__)
    if (abi == CSECCOMP_PROBE_ABI_I386) {
        // The 32-bit entry takes its number in eax and arguments in ebx, ecx, edx, esi, edi, ebp and
        // returns -errno in eax. ebp is left alone (the compiler may use it); probes use at most 5 arguments.
        long ret;
        __asm__ volatile("int $0x80"
                         : "=a"(ret)
                         : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
                         : "memory");
        if (ret < 0 && ret > -4096) {
            errno = (int)-ret;
            return -1;
        }
        return ret;
    }
#endif
    return syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void write_all(int fd, const void *p, size_t n) {
    const char *c = p;
    while (n > 0) {
        ssize_t r = write(fd, c, n);
        if (r < 0) {
            if (errno == EINTR) continue;
            return;
        }
        c += r;
        n -= (size_t)r;
    }
}

int cseccomp_probe_in_child(const struct cseccomp_insn *prog, uint16_t count, uint32_t abi, long nr,
                            const uint64_t args[6], struct cseccomp_probe_result *out) {
#if !defined(__x86_64__)
    if (abi == CSECCOMP_PROBE_ABI_I386) return -EOPNOTSUPP;
#endif
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) return -errno;
    // Everything the child needs is prepared before fork: it may only make raw syscalls.
    struct sock_fprog fprog = {.len = count, .filter = (struct sock_filter *)prog};
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return -e;
    }
    if (pid == 0) {
        struct cseccomp_probe_result r = {0};
        close(fds[0]);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
            r.stage = 1;
            r.err = errno;
        } else if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0) {
            r.stage = 2;
            r.err = errno;
        } else {
            errno = 0;
            long ret = probe_call(abi, nr, args);
            r.ret = ret;
            r.err = ret == -1 ? errno : 0;
        }
        write_all(fds[1], &r, sizeof(r));
        _exit(0);
    }
    close(fds[1]);
    struct cseccomp_probe_result r = {0};
    size_t got = 0;
    while (got < sizeof(r)) {
        ssize_t n = read(fds[0], (char *)&r + got, sizeof(r) - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -errno;
    }
    if (WIFSIGNALED(status)) {
        memset(&r, 0, sizeof(r));
        r.signal = WTERMSIG(status);
    } else if (got < sizeof(r)) {
        return -EPROTO;
    }
    *out = r;
    return 0;
}
