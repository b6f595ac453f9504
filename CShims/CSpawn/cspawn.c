// This file is part of Butte. SPDX-License-Identifier: Apache-2.0
//
// The child side of a container launch. Everything after clone3 runs in a copy of a multi-threaded
// process, so only system calls are made: no malloc, no stdio, no locks, no glibc wrappers that keep
// per-process state (setuid and friends broadcast to threads that do not exist in the child).

#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

#define CSPAWN_PATH_MAX 4096

// The kernel's own `struct sigaction` for rt_sigaction (not glibc's, whose mask is 128 bytes).
struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

static const int forwarded_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};

// MARK: - Failure reporting

static int error_fd = -1;

__attribute__((noreturn)) static void fail(int32_t stage, int err) {
    struct cspawn_failure f = {stage, err == 0 ? EIO : err};
    if (error_fd >= 0) {
        ssize_t n;
        do {
            n = syscall(SYS_write, error_fd, &f, sizeof f);
        } while (n < 0 && errno == EINTR);
    }
    syscall(SYS_exit_group, 127);
    __builtin_unreachable();
}

// MARK: - Small helpers (no libc state)

static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n] != 0) n++;
    return n;
}

// Writes "/proc/self/fd/<fd>" into buf (at least 32 bytes): mount(2) follows the link to the object.
static void proc_fd_path(int fd, char *buf) {
    static const char prefix[] = "/proc/self/fd/";
    size_t i = 0;
    for (; prefix[i] != 0; i++) buf[i] = prefix[i];
    char digits[12];
    int n = 0;
    unsigned v = (unsigned)fd;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) buf[i++] = digits[--n];
    buf[i] = 0;
}

static void close_fd(int fd) {
    if (fd >= 0) syscall(SYS_close, fd);
}

static int open_in(int dirfd, const char *path, uint32_t flags) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | ((flags & CSPAWN_NO_SYMLINKS) ? RESOLVE_NO_SYMLINKS : 0);
    long fd;
    do {
        fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && errno == EINTR);
    return fd < 0 ? -errno : (int)fd;
}

// Resolves `rel` inside `root` and returns an O_PATH descriptor, or -errno. With a CREATE flag, missing
// components are made one at a time relative to the descriptor of their (in-root resolved) parent, so a
// symbolic link planted in the tree can never redirect the creation outside the root.
static int resolve_in_root(int root, const char *rel, uint32_t flags) {
    if (rel[0] == 0) return open_in(root, ".", flags);
    int fd = open_in(root, rel, flags);
    if (fd != -ENOENT || (flags & (CSPAWN_CREATE_DIRECTORY | CSPAWN_CREATE_FILE)) == 0) return fd;

    size_t len = str_len(rel);
    if (len >= CSPAWN_PATH_MAX) return -ENAMETOOLONG;
    char buf[CSPAWN_PATH_MAX];
    memcpy(buf, rel, len + 1);

    int parent = open_in(root, ".", flags);
    if (parent < 0) return parent;
    size_t start = 0;
    while (start < len) {
        size_t end = start;
        while (end < len && buf[end] != '/') end++;
        int last = end == len;
        if (end == start) {  // an empty component ("a//b")
            start = end + 1;
            continue;
        }
        buf[end] = 0;
        const char *name = buf + start;
        int next = open_in(parent, name, flags);
        if (next == -ENOENT) {
            long r;
            if (last && (flags & CSPAWN_CREATE_FILE)) {
                r = syscall(SYS_mknodat, parent, name, S_IFREG | 0644, 0);
            } else {
                r = syscall(SYS_mkdirat, parent, name, 0755);
            }
            if (r < 0 && errno != EEXIST) {
                int e = errno;
                close_fd(parent);
                return -e;
            }
            next = open_in(parent, name, flags);
        }
        close_fd(parent);
        if (next < 0) return next;
        parent = next;
        if (!last) buf[end] = '/';
        start = end + 1;
    }
    return parent;
}

// MARK: - Steps

static int step_mount_in_root(int root, const struct cspawn_op *op) {
    int fd = resolve_in_root(root, op->path, op->flags);
    if (fd < 0) return (fd == -ENOENT && (op->flags & CSPAWN_SKIP_MISSING)) ? 0 : fd;
    char target[32];
    proc_fd_path(fd, target);
    long r = syscall(SYS_mount, op->source, target, op->fstype, (unsigned long)op->mount_flags, op->data);
    int e = errno;
    close_fd(fd);
    return r < 0 ? -e : 0;
}

// Attaches the detached tree `tree` on top of the object `target` refers to, after setting `attrs`.
static int attach_tree(int tree, int target, uint64_t attrs, int recursive) {
    if (attrs != 0) {
        struct mount_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.attr_set = attrs;
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0) return -errno;
    }
    if (syscall(SYS_move_mount, tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) return -errno;
    return 0;
}

static int step_bind_in_root(int root, const struct cspawn_op *op) {
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, op->source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    if (tree < 0) return -errno;
    int fd = resolve_in_root(root, op->path, op->flags);
    if (fd < 0) {
        close_fd(tree);
        return (fd == -ENOENT && (op->flags & CSPAWN_SKIP_MISSING)) ? 0 : fd;
    }
    int r = attach_tree(tree, fd, op->a, 1);
    close_fd(fd);
    close_fd(tree);
    return r;
}

static int step_mask_in_root(int root, const struct cspawn_op *op) {
    int fd = resolve_in_root(root, op->path, op->flags);
    if (fd == -ENOENT) return 0;
    if (fd < 0) return fd;
    struct stat st;
    if (syscall(SYS_fstat, fd, &st) < 0) {
        int e = errno;
        close_fd(fd);
        return -e;
    }
    int r;
    if (S_ISDIR(st.st_mode)) {
        char target[32];
        proc_fd_path(fd, target);
        r = syscall(SYS_mount, "tmpfs", target, "tmpfs", (unsigned long)(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "size=0,mode=0555") < 0 ? -errno : 0;
    } else {
        // The mask is the root's own /dev/null: check it really is the null device before binding it
        // anywhere, so a replaced node cannot turn the mask into a writable mount of something else.
        int null = resolve_in_root(root, "dev/null", CSPAWN_NO_SYMLINKS);
        if (null < 0) {
            close_fd(fd);
            return null;
        }
        struct stat ns;
        if (syscall(SYS_fstat, null, &ns) < 0 || !S_ISCHR(ns.st_mode) || ns.st_rdev != makedev(1, 3)) {
            close_fd(null);
            close_fd(fd);
            return -EPERM;
        }
        int tree = (int)syscall(SYS_open_tree, null, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
        close_fd(null);
        if (tree < 0) {
            int e = errno;
            close_fd(fd);
            return -e;
        }
        r = attach_tree(tree, fd, MOUNT_ATTR_RDONLY, 0);
        close_fd(tree);
    }
    close_fd(fd);
    return r;
}

static int step_readonly_in_root(int root, const struct cspawn_op *op) {
    int fd = resolve_in_root(root, op->path, op->flags);
    if (fd == -ENOENT) return 0;
    if (fd < 0) return fd;
    int tree = (int)syscall(SYS_open_tree, fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
    if (tree < 0) {
        int e = errno;
        close_fd(fd);
        return -e;
    }
    int r = attach_tree(tree, fd, MOUNT_ATTR_RDONLY, 1);
    close_fd(tree);
    close_fd(fd);
    return r;
}

// Splits `path` into its parent (resolved in root, created if asked) and last component.
static int open_parent(int root, const char *path, uint32_t flags, char *name_out) {
    size_t len = str_len(path);
    if (len == 0 || len >= CSPAWN_PATH_MAX) return -EINVAL;
    size_t slash = len;
    while (slash > 0 && path[slash - 1] != '/') slash--;
    size_t name_len = len - slash;
    if (name_len == 0 || name_len > 255) return -EINVAL;
    memcpy(name_out, path + slash, name_len + 1);
    char dir[CSPAWN_PATH_MAX];
    if (slash == 0) {
        dir[0] = 0;
    } else {
        memcpy(dir, path, slash - 1);
        dir[slash - 1] = 0;
    }
    return resolve_in_root(root, dir, flags & (CSPAWN_CREATE_DIRECTORY | CSPAWN_NO_SYMLINKS));
}

static int step_mknod_in_root(int root, const struct cspawn_op *op) {
    char name[256];
    int dir = open_parent(root, op->path, op->flags, name);
    if (dir < 0) return dir;
    // An O_PATH directory descriptor is a valid dirfd for the *at calls.
    long r = syscall(SYS_mknodat, dir, name, (mode_t)op->a, (dev_t)op->b);
    int e = errno;
    // mknod applies the umask; device nodes need their exact mode.
    if (r == 0 && syscall(SYS_fchmodat, dir, name, (mode_t)(op->a & 07777)) < 0) {
        r = -1;
        e = errno;
    }
    close_fd(dir);
    return r < 0 ? -e : 0;
}

static int step_symlink_in_root(int root, const struct cspawn_op *op) {
    char name[256];
    int dir = open_parent(root, op->path, op->flags, name);
    if (dir < 0) return dir;
    long r = syscall(SYS_symlinkat, op->source, dir, name);
    int e = errno;
    close_fd(dir);
    return r < 0 && e != EEXIST ? -e : 0;
}

static int step_pivot_root(int root) {
    if (syscall(SYS_fchdir, root) < 0) return -errno;
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching "." then drops it.
    if (syscall(SYS_pivot_root, ".", ".") < 0) return -errno;
    if (syscall(SYS_umount2, ".", MNT_DETACH) < 0) return -errno;
    if (syscall(SYS_chdir, "/") < 0) return -errno;
    return 0;
}

static int step_loopback_up(void) {
    int s = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_name[0] = 'l';
    ifr.ifr_name[1] = 'o';
    int r = 0;
    if (syscall(SYS_ioctl, s, SIOCGIFFLAGS, &ifr) < 0) {
        r = -errno;
    } else {
        ifr.ifr_flags |= IFF_UP;
        if (syscall(SYS_ioctl, s, SIOCSIFFLAGS, &ifr) < 0) r = -errno;
    }
    close_fd(s);
    return r;
}

static int step_set_ids(const struct cspawn_op *op) {
    // KEEPCAPS before setresuid, or the permitted set is cleared when root becomes another uid.
    if (syscall(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return -errno;
    if (syscall(SYS_setgroups, (size_t)op->length, op->buffer) < 0) return -errno;
    if (syscall(SYS_setresgid, (gid_t)op->b, (gid_t)op->b, (gid_t)op->b) < 0) return -errno;
    if (syscall(SYS_setresuid, (uid_t)op->a, (uid_t)op->a, (uid_t)op->a) < 0) return -errno;
    return 0;
}

static int step_capset(const struct cspawn_op *op) {
    if (op->length != 6 || op->buffer == NULL) return -EINVAL;
    const uint32_t *w = op->buffer;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {
        {w[0], w[1], w[2]},
        {w[3], w[4], w[5]},
    };
    if (syscall(SYS_capset, &header, data) < 0) return -errno;
    if (syscall(SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return -errno;
    return 0;
}

static int step_ambient(const struct cspawn_op *op) {
    if (syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) return -errno;
    for (unsigned i = 0; i < 64; i++) {
        if ((op->a >> i) & 1) {
            if (syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) < 0) return -errno;
        }
    }
    return 0;
}

static int step_seccomp(const struct cspawn_op *op) {
    struct sock_fprog prog;
    prog.len = (unsigned short)op->length;
    prog.filter = (struct sock_filter *)op->buffer;
    if (op->length == 0 || op->length > 4096) return -EINVAL;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, (unsigned)op->a, &prog) < 0) return -errno;
    return 0;
}

static int close_range_between(unsigned first, unsigned last) {
    if (first > last) return 0;
    if (syscall(SYS_close_range, first, last, 0) < 0) return -errno;
    return 0;
}

static int step_close_fds(const struct cspawn_channels *ch) {
    int keep_a = ch->error_write, keep_b = ch->status_write;
    if (keep_a > keep_b) {
        int t = keep_a;
        keep_a = keep_b;
        keep_b = t;
    }
    unsigned next = 3;
    int keeps[2] = {keep_a, keep_b};
    for (int i = 0; i < 2; i++) {
        if (keeps[i] < 3) continue;
        int r = close_range_between(next, (unsigned)keeps[i] - 1);
        if (r < 0) return r;
        next = (unsigned)keeps[i] + 1;
    }
    return close_range_between(next, ~0U);
}

static int step_chdir(const char *path) {
    if (syscall(SYS_chdir, path) < 0) return -errno;
    // The kernel reports a directory outside the process's root as "(unreachable)/...".
    char buf[CSPAWN_PATH_MAX];
    long n = syscall(SYS_getcwd, buf, sizeof buf);
    if (n < 0) return -errno;
    if (buf[0] != '/') return -EXDEV;
    return 0;
}

static int run_step(const struct cspawn_op *op, int *root, const struct cspawn_channels *ch) {
    switch (op->kind) {
    case CSPAWN_OP_MOUNT:
        return syscall(SYS_mount, op->source, op->path, op->fstype, (unsigned long)op->mount_flags, op->data) < 0 ? -errno : 0;
    case CSPAWN_OP_OPEN_ROOT: {
        int fd = (int)syscall(SYS_openat, AT_FDCWD, op->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return -errno;
        close_fd(*root);
        *root = fd;
        return 0;
    }
    case CSPAWN_OP_MOUNT_IN_ROOT:
        return *root < 0 ? -EBADF : step_mount_in_root(*root, op);
    case CSPAWN_OP_BIND_IN_ROOT:
        return *root < 0 ? -EBADF : step_bind_in_root(*root, op);
    case CSPAWN_OP_MASK_IN_ROOT:
        return *root < 0 ? -EBADF : step_mask_in_root(*root, op);
    case CSPAWN_OP_READONLY_IN_ROOT:
        return *root < 0 ? -EBADF : step_readonly_in_root(*root, op);
    case CSPAWN_OP_MKNOD_IN_ROOT:
        return *root < 0 ? -EBADF : step_mknod_in_root(*root, op);
    case CSPAWN_OP_SYMLINK_IN_ROOT:
        return *root < 0 ? -EBADF : step_symlink_in_root(*root, op);
    case CSPAWN_OP_ROOT_READONLY: {
        if (*root < 0) return -EBADF;
        struct mount_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.attr_set = MOUNT_ATTR_RDONLY;
        return syscall(SYS_mount_setattr, *root, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0 ? -errno : 0;
    }
    case CSPAWN_OP_PIVOT_ROOT: {
        if (*root < 0) return -EBADF;
        int r = step_pivot_root(*root);
        close_fd(*root);
        *root = -1;
        return r;
    }
    case CSPAWN_OP_SETHOSTNAME:
        return syscall(SYS_sethostname, op->path, str_len(op->path)) < 0 ? -errno : 0;
    case CSPAWN_OP_SETDOMAINNAME:
        return syscall(SYS_setdomainname, op->path, str_len(op->path)) < 0 ? -errno : 0;
    case CSPAWN_OP_LOOPBACK_UP:
        return step_loopback_up();
    case CSPAWN_OP_SETRLIMIT: {
        uint64_t limits[2] = {op->b, op->c};
        return syscall(SYS_prlimit64, 0, (int)op->a, limits, NULL) < 0 ? -errno : 0;
    }
    case CSPAWN_OP_SETSID:
        return syscall(SYS_setsid) < 0 ? -errno : 0;
    case CSPAWN_OP_DROP_BOUNDING:
        for (unsigned i = 0; i < 64; i++) {
            if (((op->a >> i) & 1) && syscall(SYS_prctl, PR_CAPBSET_DROP, i, 0, 0, 0) < 0) return -errno;
        }
        return 0;
    case CSPAWN_OP_SET_IDS:
        return step_set_ids(op);
    case CSPAWN_OP_CAPSET:
        return step_capset(op);
    case CSPAWN_OP_AMBIENT:
        return step_ambient(op);
    case CSPAWN_OP_NO_NEW_PRIVS:
        return syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
    case CSPAWN_OP_SECCOMP:
        return step_seccomp(op);
    case CSPAWN_OP_CLOSE_FDS:
        return step_close_fds(ch);
    case CSPAWN_OP_CHDIR:
        return step_chdir(op->path);
    case CSPAWN_OP_SET_DUMPABLE:
        return syscall(SYS_prctl, PR_SET_DUMPABLE, op->a, 0, 0, 0) < 0 ? -errno : 0;
    default:
        return -EINVAL;
    }
}

// MARK: - Signals, exec, init

static int set_mask(uint64_t mask) {
    return syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, sizeof mask) < 0 ? -errno : 0;
}

// Every signal back to its default action: the parent may ignore SIGPIPE or handle others, and ignored
// signals stay ignored across execve.
static int reset_signals(void) {
    struct kernel_sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.handler = SIG_DFL;
    for (int sig = 1; sig < 65; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        if (syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask) < 0 && errno != EINVAL) return -errno;
    }
    return 0;
}

static int exec_relevant(int err) {
    // Like execvp: a missing or unsearchable candidate means "try the next one".
    return err != ENOENT && err != ENOTDIR && err != EACCES && err != ESTALE && err != ENODEV && err != ETIMEDOUT;
}

__attribute__((noreturn)) static void exec_command(const struct cspawn_plan *plan) {
    int err = ENOENT;
    int saw_eacces = 0;
    for (uint32_t i = 0; i < plan->exec_path_count; i++) {
        syscall(SYS_execve, plan->exec_paths[i], plan->argv, plan->envp);
        int e = errno;
        if (e == EACCES) saw_eacces = 1;
        if (exec_relevant(e)) {
            err = e;
            saw_eacces = 0;
            break;
        }
    }
    fail(CSPAWN_STAGE_EXEC, saw_eacces ? EACCES : err);
}

static uint64_t sigbit(int sig) { return (uint64_t)1 << (sig - 1); }

// The command's side of the init's vfork: unblock signals, execute. Its own function so that nothing of
// the init's stack frame is written to.
__attribute__((noreturn, noinline)) static void command_child(const struct cspawn_plan *plan, const struct cspawn_channels *ch) {
    close_fd(ch->status_write);
    int r = set_mask(0);
    if (r < 0) fail(CSPAWN_STAGE_SIGNALS, -r);
    exec_command(plan);
}

__attribute__((noreturn)) static void run_init(const struct cspawn_plan *plan, const struct cspawn_channels *ch) {
    uint64_t waited = sigbit(SIGCHLD);
    for (size_t i = 0; i < sizeof forwarded_signals / sizeof forwarded_signals[0]; i++) waited |= sigbit(forwarded_signals[i]);
    // Blocked signals are queued for a pid-1 process even without a handler; sigtimedwait picks them up.
    int r = set_mask(waited);
    if (r < 0) fail(CSPAWN_STAGE_INIT, -r);

    // vfork: the command shares the init's memory until its execve instead of copying the page tables
    // of the whole (large) launcher image again. The child only makes system calls and never returns here.
    pid_t pid = vfork();
    if (pid < 0) fail(CSPAWN_STAGE_INIT, errno);
    if (pid == 0) command_child(plan, ch);
    // The command holds its own copy of the error pipe until its execve closes it.
    close_fd(ch->error_write);
    error_fd = -1;

    int status = 0;
    for (;;) {
        siginfo_t info;
        long sig = syscall(SYS_rt_sigtimedwait, &waited, &info, NULL, sizeof waited);
        if (sig < 0) continue;
        if (sig != SIGCHLD) {
            syscall(SYS_kill, pid, (int)sig);
            continue;
        }
        int done = 0;
        for (;;) {
            int st = 0;
            long reaped = syscall(SYS_wait4, -1, &st, WNOHANG, NULL);
            if (reaped <= 0) break;
            if (reaped == pid) {
                status = st;
                done = 1;
            }
        }
        if (done) break;
    }
    if (ch->status_write >= 0) {
        int32_t word = status;
        syscall(SYS_write, ch->status_write, &word, sizeof word);
    }
    int code;
    if (WIFEXITED(status)) {
        code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        code = 128 + WTERMSIG(status);
    } else {
        code = 255;
    }
    syscall(SYS_exit_group, code);
    __builtin_unreachable();
}

__attribute__((noreturn)) static void child(const struct cspawn_plan *plan, const struct cspawn_channels *ch) {
    error_fd = ch->error_write;
    if (plan->parent_death_signal != 0 && syscall(SYS_prctl, PR_SET_PDEATHSIG, plan->parent_death_signal, 0, 0, 0) < 0) {
        fail(CSPAWN_STAGE_PARENT_DEATH, errno);
    }
    if (ch->sync_read >= 0) {
        // The parent writes one byte once the user namespace maps are in place. End of file means it died
        // before that (possibly before the parent-death signal was armed).
        char byte;
        long n;
        do {
            n = syscall(SYS_read, ch->sync_read, &byte, 1);
        } while (n < 0 && errno == EINTR);
        if (n != 1) fail(CSPAWN_STAGE_SYNC, n == 0 ? EPIPE : errno);
        close_fd(ch->sync_read);
    }
    int r = reset_signals();
    if (r < 0) fail(CSPAWN_STAGE_SIGNALS, -r);
    for (int i = 0; i < 3; i++) {
        int fd = plan->stdio[i];
        if (fd >= 0 && fd != i && syscall(SYS_dup2, fd, i) < 0) fail(CSPAWN_STAGE_STDIO, errno);
    }
    int root = -1;
    for (uint32_t i = 0; i < plan->op_count; i++) {
        r = run_step(&plan->ops[i], &root, ch);
        if (r < 0) fail((int32_t)i, -r);
    }
    close_fd(root);
    if (plan->use_init) run_init(plan, ch);
    close_fd(ch->status_write);
    exec_command(plan);
}

pid_t cspawn_run(const struct cspawn_plan *plan, const struct cspawn_channels *channels, int32_t *pidfd) {
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = plan->clone_flags | CLONE_PIDFD;
    args.pidfd = (uint64_t)(uintptr_t)pidfd;
    args.exit_signal = SIGCHLD;
    if (plan->cgroup_fd >= 0) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)plan->cgroup_fd;
    }
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0) return -errno;
    if (pid == 0) child(plan, channels);
    return (pid_t)pid;
}
