// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#ifndef CSPAWN_H
#define CSPAWN_H

#include <stdint.h>
#include <sys/types.h>

/// What one step of a launch plan does. The child runs the steps in plan order, between `clone3` and
/// `execve`, with raw system calls only.
///
/// Steps named `*_IN_ROOT` resolve their `path` (relative, no leading slash) inside the directory opened by
/// the last `CSPAWN_OP_OPEN_ROOT` step, with `openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)`, and act on
/// the resulting file descriptor, never on the path string.
enum cspawn_op_kind {
    /// `mount(source, path, fstype, mount_flags, data)` on host paths, e.g. `/` with MS_REC|MS_PRIVATE, or the
    /// root filesystem (overlay or bind) on its mount point.
    CSPAWN_OP_MOUNT = 1,
    /// Opens the directory `path` as the root that later `*_IN_ROOT` steps resolve in.
    CSPAWN_OP_OPEN_ROOT = 2,
    /// Mounts a new filesystem (`fstype`, `source`, `mount_flags`, `data`) on `path` in the root.
    CSPAWN_OP_MOUNT_IN_ROOT = 3,
    /// Bind-mounts the host path `source` (recursively) on `path` in the root; `a` holds `MOUNT_ATTR_*`
    /// bits set on the new mount (e.g. MOUNT_ATTR_RDONLY) before it is attached.
    CSPAWN_OP_BIND_IN_ROOT = 4,
    /// Hides `path` in the root: a directory gets a read-only empty tmpfs, anything else the root's
    /// `dev/null`, which must be the character device 1:3. A missing path is skipped.
    CSPAWN_OP_MASK_IN_ROOT = 5,
    /// Makes `path` in the root read-only (a recursive bind of itself with MOUNT_ATTR_RDONLY). A missing path
    /// is skipped.
    CSPAWN_OP_READONLY_IN_ROOT = 6,
    /// `mknodat` of `path` in the root with mode `a` (type and permission bits) and device number `b`.
    CSPAWN_OP_MKNOD_IN_ROOT = 7,
    /// `symlinkat(source, dir, name)`: a symbolic link at `path` in the root pointing to `source`.
    CSPAWN_OP_SYMLINK_IN_ROOT = 8,
    /// Makes the root's own mount read-only (`mount_setattr`, not recursive).
    CSPAWN_OP_ROOT_READONLY = 9,
    /// `pivot_root` into the root; the old root is detached, the working directory becomes `/`.
    CSPAWN_OP_PIVOT_ROOT = 10,
    /// `sethostname(path)`.
    CSPAWN_OP_SETHOSTNAME = 11,
    /// `setdomainname(path)`.
    CSPAWN_OP_SETDOMAINNAME = 12,
    /// Brings the loopback interface of the (new) network namespace up.
    CSPAWN_OP_LOOPBACK_UP = 13,
    /// `prlimit(0, a, {b, c})`: resource `a`, soft limit `b`, hard limit `c`.
    CSPAWN_OP_SETRLIMIT = 14,
    /// `setsid()`: a new session without a controlling terminal.
    CSPAWN_OP_SETSID = 15,
    /// `PR_CAPBSET_DROP` of every capability whose bit is set in `a`.
    CSPAWN_OP_DROP_BOUNDING = 16,
    /// Sets the credentials, keeping the permitted capabilities across the uid change (`PR_SET_KEEPCAPS`):
    /// `setgroups(length, buffer)` (a `uint32_t` array), `setresgid(b)`, `setresuid(a)`.
    CSPAWN_OP_SET_IDS = 17,
    /// `capset(2)` version 3 with the six words in `buffer` (effective, permitted, inheritable of 0–31,
    /// then of 32–63), then clears `PR_SET_KEEPCAPS`.
    CSPAWN_OP_CAPSET = 18,
    /// Clears the ambient set, then raises every capability whose bit is set in `a`.
    CSPAWN_OP_AMBIENT = 19,
    /// `PR_SET_NO_NEW_PRIVS`.
    CSPAWN_OP_NO_NEW_PRIVS = 20,
    /// `seccomp(SECCOMP_SET_MODE_FILTER, a, prog)` with `length` classic BPF instructions in `buffer`.
    CSPAWN_OP_SECCOMP = 21,
    /// Closes every file descriptor above 2 except the launch's own pipes.
    CSPAWN_OP_CLOSE_FDS = 22,
    /// `chdir(path)`, then checks with `getcwd` that the directory is inside the root.
    CSPAWN_OP_CHDIR = 23,
    /// `PR_SET_DUMPABLE` to `a`.
    CSPAWN_OP_SET_DUMPABLE = 24,
};

/// `flags` of `*_IN_ROOT` steps.
enum cspawn_op_flags {
    /// Create missing directories of `path`, the last one included.
    CSPAWN_CREATE_DIRECTORY = 1,
    /// Create missing parent directories of `path` and `path` itself as an empty regular file.
    CSPAWN_CREATE_FILE = 2,
    /// Skip the step when `path` does not exist.
    CSPAWN_SKIP_MISSING = 4,
    /// Refuse symbolic links anywhere in `path` (RESOLVE_NO_SYMLINKS): the kernel filesystems and masks
    /// must land on the real directories, never where an image's link points.
    CSPAWN_NO_SYMLINKS = 8,
};

/// One step of a launch plan. Which fields count depends on `kind` (see `enum cspawn_op_kind`).
struct cspawn_op {
    uint32_t kind;
    uint32_t flags;
    const char *path;
    const char *source;
    const char *fstype;
    const char *data;
    uint64_t mount_flags;
    uint64_t a;
    uint64_t b;
    uint64_t c;
    const void *buffer;
    uint32_t length;
};

/// A launch plan, built entirely in the parent; the child only reads it.
struct cspawn_plan {
    /// `CLONE_NEW*` flags; CLONE_PIDFD (and CLONE_INTO_CGROUP with `cgroup_fd`) are added.
    uint64_t clone_flags;
    /// A cgroup v2 directory to start the child in, or -1.
    int32_t cgroup_fd;
    /// Descriptors to install as the child's 0, 1 and 2, or -1 to keep the inherited one. Each must be
    /// above 2 or equal to its own slot.
    int32_t stdio[3];
    /// The signal the child gets when the thread that cloned it exits (0: none).
    int32_t parent_death_signal;
    /// Non-zero: the first process is a minimal init that forks the command, reaps zombies, forwards
    /// SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and SIGWINCH, and exits with the command's status.
    int32_t use_init;
    /// The steps.
    const struct cspawn_op *ops;
    uint32_t op_count;
    /// Paths tried in order with `execve` (a `PATH` search prepared by the parent).
    const char *const *exec_paths;
    uint32_t exec_path_count;
    /// NULL-terminated argument and environment vectors.
    char *const *argv;
    char *const *envp;
};

/// The pipes of one launch, as seen by the child.
struct cspawn_channels {
    /// Write end of the close-on-exec error pipe: `struct cspawn_failure` on failure, end of file on success.
    int32_t error_write;
    /// Read end of the start pipe, or -1: the child waits for one byte before running the plan (the parent
    /// writes user namespace maps first); end of file means the parent died and the child exits.
    int32_t sync_read;
    /// Write end of the status pipe, or -1: the init writes the command's `wait` status (an int32) before
    /// it exits.
    int32_t status_write;
};

/// Stages that are not steps of the plan (steps are numbered from 0).
enum cspawn_stage {
    /// Waiting for the parent's start byte.
    CSPAWN_STAGE_SYNC = -1,
    /// Installing the standard descriptors.
    CSPAWN_STAGE_STDIO = -2,
    /// Resetting signal dispositions and the mask.
    CSPAWN_STAGE_SIGNALS = -3,
    /// Forking the command from the init.
    CSPAWN_STAGE_INIT = -4,
    /// `execve` of the command: every candidate path failed; `err` is the most telling errno.
    CSPAWN_STAGE_EXEC = -5,
    /// Setting the parent-death signal.
    CSPAWN_STAGE_PARENT_DEATH = -6,
};

/// One failed step of the child setup, written to the error pipe.
struct cspawn_failure {
    int32_t stage;
    int32_t err;
};

/// Clones per `plan->clone_flags` (with CLONE_PIDFD) and runs the plan in the child, which never returns.
/// Returns the child pid and stores its pidfd in `*pidfd`, or returns -errno if clone3 failed. Never allocates.
pid_t cspawn_run(const struct cspawn_plan *plan, const struct cspawn_channels *channels, int32_t *pidfd);

#endif
