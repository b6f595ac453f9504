// This file is part of Butte. SPDX-License-Identifier: Apache-2.0
//
// probe: reports, from inside a container, what Butte's runtime tests check.
//
// Every subcommand prints exactly one JSON object on one line on stdout and exits 0, unless the
// probe itself could not do its job: then it prints {"error": ..., "errno": ..., "errno_name": ...}
// and exits 1. Usage errors exit 2 with a message on stderr. The program is built static and uses
// nothing but the C library, so it runs in an empty busybox root.

#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/// How many bytes `probe read` returns at most per file, and `probe cgroup` per control file.
#define READ_CAP 4096

// ---------------------------------------------------------------------------------------------
// Output: a growing buffer holding one JSON object, written with a single write at the end.

/// The JSON document being built. Commas are inserted from a per-depth "has members" stack.
static struct {
    char *data;
    size_t len, cap;
    int depth;
    bool has_member[64];
    bool after_key;
} out;

static void die_oom(void)
{
    static const char msg[] = "probe: out of memory\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(1);
}

static void put_raw(const char *s, size_t n)
{
    if (out.len + n + 1 > out.cap) {
        size_t cap = out.cap ? out.cap : 4096;
        while (out.len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(out.data, cap);
        if (!p)
            die_oom();
        out.data = p;
        out.cap = cap;
    }
    memcpy(out.data + out.len, s, n);
    out.len += n;
}

static void put_cstr(const char *s) { put_raw(s, strlen(s)); }

static void put_fmt(const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        die_oom();
    put_raw(tmp, (size_t)n);
}

/// Writes the separator a new value needs at the current depth.
static void sep(void)
{
    if (out.after_key) {
        out.after_key = false;
        return;
    }
    if (out.depth > 0 && out.has_member[out.depth])
        put_raw(",", 1);
    if (out.depth > 0)
        out.has_member[out.depth] = true;
}

/// Length of the valid UTF-8 sequence at `s` (at most `n` bytes), or 0 if it is not valid UTF-8.
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not valid UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return len;
}

/// Appends `s[0..n)` as a JSON string. Bytes that are not valid UTF-8 become U+FFFD, so the output
/// is always valid JSON even for binary file contents or odd hostnames.
static void put_json_string(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    put_raw("\"", 1);
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        switch (c) {
        case '"': put_raw("\\\"", 2); i++; continue;
        case '\\': put_raw("\\\\", 2); i++; continue;
        case '\n': put_raw("\\n", 2); i++; continue;
        case '\r': put_raw("\\r", 2); i++; continue;
        case '\t': put_raw("\\t", 2); i++; continue;
        case '\b': put_raw("\\b", 2); i++; continue;
        case '\f': put_raw("\\f", 2); i++; continue;
        default: break;
        }
        if (c < 0x20) {
            put_fmt("\\u%04x", c);
            i++;
            continue;
        }
        size_t len = utf8_len(p + i, n - i);
        if (len == 0) {
            put_raw("\\ufffd", 6);
            i++;
        } else {
            put_raw(s + i, len);
            i += len;
        }
    }
    put_raw("\"", 1);
}

static void j_obj(void)
{
    sep();
    put_raw("{", 1);
    out.depth++;
    out.has_member[out.depth] = false;
}

static void j_end_obj(void)
{
    out.depth--;
    put_raw("}", 1);
}

static void j_arr(void)
{
    sep();
    put_raw("[", 1);
    out.depth++;
    out.has_member[out.depth] = false;
}

static void j_end_arr(void)
{
    out.depth--;
    put_raw("]", 1);
}

static void j_key(const char *k)
{
    sep();
    put_json_string(k, strlen(k));
    put_raw(":", 1);
    out.after_key = true;
}

static void j_strn(const char *s, size_t n)
{
    sep();
    put_json_string(s, n);
}

static void j_str(const char *s)
{
    if (!s) {
        sep();
        put_cstr("null");
        return;
    }
    j_strn(s, strlen(s));
}

static void j_int(long long v)
{
    sep();
    put_fmt("%lld", v);
}

static void j_uint(unsigned long long v)
{
    sep();
    put_fmt("%llu", v);
}

static void j_double(double v)
{
    sep();
    put_fmt("%.6f", v);
}

static void j_bool(bool v)
{
    sep();
    put_cstr(v ? "true" : "false");
}

static void j_null(void)
{
    sep();
    put_cstr("null");
}

/// Writes the finished document and a newline to stdout.
static int flush_out(void)
{
    put_raw("\n", 1);
    size_t off = 0;
    while (off < out.len) {
        ssize_t n = write(1, out.data + off, out.len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        off += (size_t)n;
    }
    out.len = 0;
    out.depth = 0;
    out.after_key = false;
    return 0;
}

static const char *errno_name(int e)
{
    const char *name = e ? strerrorname_np(e) : NULL;
    return name;
}

/// Emits `"errno": e, "errno_name": "E..."` (both null for 0) into the open object.
static void j_errno_fields(int e)
{
    j_key("errno");
    if (e)
        j_int(e);
    else
        j_null();
    j_key("errno_name");
    j_str(errno_name(e));
}

/// Reports a failure of the probe itself and returns the exit status for it.
static int fail(const char *what, int e)
{
    out.len = 0;
    out.depth = 0;
    out.after_key = false;
    j_obj();
    j_key("error");
    j_str(what);
    j_errno_fields(e);
    j_end_obj();
    flush_out();
    fprintf(stderr, "probe: %s: %s\n", what, e ? strerror(e) : "failed");
    return 1;
}

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("probe: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
    return 2;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/// Reads up to `cap` bytes of `path` into a fresh buffer. Returns the byte count, or -errno.
/// `*stage` names the step that failed ("open" or "read").
static ssize_t read_file(const char *path, char **buf, size_t cap, const char **stage)
{
    *buf = NULL;
    *stage = "open";
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return -errno;
    char *b = malloc(cap + 1);
    if (!b)
        die_oom();
    size_t len = 0;
    *stage = "read";
    while (len < cap) {
        ssize_t n = read(fd, b + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(b);
            close(fd);
            return -e;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    b[len] = 0;
    *buf = b;
    return (ssize_t)len;
}

/// Parses a whole decimal number; returns false on junk, overflow or an empty string.
static bool parse_long(const char *s, long long min, long long max, long long *v)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || *end || x < min || x > max)
        return false;
    *v = x;
    return true;
}

static bool parse_seconds(const char *s, double *v)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || *end || !(x >= 0) || x > 1e9)
        return false;
    *v = x;
    return true;
}

static double now_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s)
{
    struct timespec ts = {.tv_sec = (time_t)s, .tv_nsec = (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

/// Strips one trailing newline, as the kernel appends to most proc and cgroup files.
static size_t trim_newline(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\n')
        n--;
    return n;
}

// ---------------------------------------------------------------------------------------------
// probe ids

static int cmd_ids(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("ids takes no arguments");
    uid_t ruid, euid, suid;
    gid_t rgid, egid, sgid;
    if (getresuid(&ruid, &euid, &suid) < 0)
        return fail("getresuid", errno);
    if (getresgid(&rgid, &egid, &sgid) < 0)
        return fail("getresgid", errno);
    int n = getgroups(0, NULL);
    if (n < 0)
        return fail("getgroups", errno);
    gid_t *groups = calloc((size_t)n + 1, sizeof *groups);
    if (!groups)
        die_oom();
    n = getgroups(n, groups);
    if (n < 0)
        return fail("getgroups", errno);
    char host[HOST_NAME_MAX + 2] = {0};
    if (gethostname(host, sizeof host - 1) < 0)
        return fail("gethostname", errno);

    j_obj();
    j_key("pid");
    j_int(getpid());
    j_key("ppid");
    j_int(getppid());
    j_key("pgid");
    j_int(getpgid(0));
    j_key("sid");
    j_int(getsid(0));
    j_key("hostname");
    j_str(host);
    j_key("uid");
    j_uint(ruid);
    j_key("euid");
    j_uint(euid);
    j_key("suid");
    j_uint(suid);
    j_key("gid");
    j_uint(rgid);
    j_key("egid");
    j_uint(egid);
    j_key("sgid");
    j_uint(sgid);
    j_key("groups");
    j_arr();
    for (int i = 0; i < n; i++)
        j_uint(groups[i]);
    j_end_arr();
    j_end_obj();
    free(groups);
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe caps

static int cmd_caps(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("caps takes no arguments");
    char *status;
    const char *stage;
    ssize_t n = read_file("/proc/self/status", &status, 1 << 16, &stage);
    if (n < 0)
        return fail("read /proc/self/status", (int)-n);

    // The keys we report, in the order of /proc/self/status, and whether the value is hex.
    static const struct {
        const char *proc, *json;
        bool hex;
    } fields[] = {
        {"CapInh", "cap_inh", true},           {"CapPrm", "cap_prm", true},   {"CapEff", "cap_eff", true},
        {"CapBnd", "cap_bnd", true},           {"CapAmb", "cap_amb", true},   {"NoNewPrivs", "no_new_privs", false},
        {"Seccomp", "seccomp", false},         {"Seccomp_filters", "seccomp_filters", false},
    };
    const size_t nfields = sizeof fields / sizeof fields[0];
    const char *values[sizeof fields / sizeof fields[0]] = {0};
    size_t lens[sizeof fields / sizeof fields[0]] = {0};

    for (char *line = status; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        char *colon = strchr(line, ':');
        if (colon) {
            *colon = 0;
            char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            for (size_t i = 0; i < nfields; i++) {
                if (strcmp(line, fields[i].proc) == 0) {
                    values[i] = v;
                    lens[i] = strlen(v);
                }
            }
        }
        line = nl ? nl + 1 : NULL;
    }

    j_obj();
    for (size_t i = 0; i < nfields; i++) {
        j_key(fields[i].json);
        if (!values[i]) {
            // Older kernels lack some lines (Seccomp_filters before 5.9, CapAmb before 4.3).
            j_null();
        } else if (fields[i].hex) {
            j_strn(values[i], lens[i]);
        } else {
            long long v;
            if (!parse_long(values[i], LLONG_MIN, LLONG_MAX, &v))
                return fail("parse /proc/self/status", EINVAL);
            j_int(v);
        }
    }
    j_end_obj();
    free(status);
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe syscalls
//
// Each probe calls one syscall with arguments chosen so that the kernel, once the caller got past
// every permission check (seccomp, capabilities, LSM, sysctls such as kexec_load_disabled), fails
// or succeeds in a known, harmless way. A denial shows up as EPERM (capabilities, most seccomp
// profiles), EACCES (LSMs) or ENOSYS (seccomp profiles that hide a syscall, or a kernel built
// without it). Every call runs in a throwaway child process, so a call that succeeds (chroot,
// unshare, personality) changes nothing for the probe, and a seccomp filter that kills shows up
// as the signal that killed the child.

/// PTRACE_PEEKUSER; spelled out because <sys/ptrace.h> and <linux/ptrace.h> clash.
#define PTRACE_PEEKUSER_REQUEST 3

struct outcome {
    long ret;
    int err;
    /// Non-NULL when the probe could not set the call up (e.g. no namespace file to pass to setns).
    const char *setup_error;
};

#define OUTCOME(expr)                                                                                                  \
    do {                                                                                                               \
        errno = 0;                                                                                                     \
        long r_ = (long)(expr);                                                                                        \
        return (struct outcome){.ret = r_, .err = r_ < 0 ? errno : 0};                                                 \
    } while (0)

static struct outcome p_mount(void)
{
    // Two propagation types at once are refused with EINVAL after the CAP_SYS_ADMIN check.
    OUTCOME(mount(NULL, "/", NULL, MS_SHARED | MS_PRIVATE, NULL));
}

static struct outcome p_umount2(void)
{
    // MNT_EXPIRE together with MNT_DETACH is refused with EINVAL after the permission check, and
    // "/" of a chroot or pivot_root is not something this can detach.
    OUTCOME(umount2("/", MNT_EXPIRE | MNT_DETACH));
}

static struct outcome p_unshare(void) { OUTCOME(unshare(CLONE_NEWUTS)); }

static struct outcome p_unshare_user(void) { OUTCOME(unshare(CLONE_NEWUSER)); }

static struct outcome p_setns(void)
{
    // Re-joining our own UTS namespace needs CAP_SYS_ADMIN but changes nothing.
    int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
#ifdef SYS_pidfd_open
    if (fd < 0)
        fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
#endif
    if (fd < 0)
        return (struct outcome){.ret = -1, .err = errno, .setup_error = "open /proc/self/ns/uts or pidfd_open"};
    OUTCOME(setns(fd, CLONE_NEWUTS));
}

static struct outcome p_keyctl(void)
{
    // An unknown operation number: EOPNOTSUPP. The kernel has no capability check for keyctl, so
    // this only shows whether a filter lets it through.
    OUTCOME(syscall(SYS_keyctl, 0x7fffffff, 0, 0, 0, 0));
}

static struct outcome p_add_key(void)
{
    // Keyring id 0 is invalid: EINVAL, and no key is created.
    OUTCOME(syscall(SYS_add_key, "user", "butte-probe", "x", (size_t)1, 0));
}

static struct outcome p_bpf(void)
{
    // A socket-filter program with no instructions: E2BIG once unprivileged_bpf_disabled and the
    // CAP_BPF check were passed, EPERM before.
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    attr.insn_cnt = 0;
    OUTCOME(syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr));
}

static struct outcome p_ptrace(void)
{
    // Peeking at ourselves while nobody traces us: ESRCH. Only a filter can stop it earlier.
    OUTCOME(syscall(SYS_ptrace, PTRACE_PEEKUSER_REQUEST, (long)getpid(), 0L, 0L));
}

static struct outcome p_kexec_load(void)
{
    // One segment more than KEXEC_SEGMENT_MAX (16): EINVAL after the CAP_SYS_BOOT check.
#ifdef SYS_kexec_load
    OUTCOME(syscall(SYS_kexec_load, 0UL, 17UL, NULL, 0UL));
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_kexec_file_load(void)
{
    // An unknown flag bit: EINVAL after the CAP_SYS_BOOT check.
#ifdef SYS_kexec_file_load
    OUTCOME(syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, 1UL << 30));
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_open_by_handle_at(void)
{
    // A handle for inode 0, which no filesystem hands out: ESTALE once CAP_DAC_READ_SEARCH was
    // checked. Never a real inode, so nothing outside the container can be opened by accident.
    int mount_fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (mount_fd < 0)
        return (struct outcome){.ret = -1, .err = errno, .setup_error = "open /"};
    struct {
        unsigned int handle_bytes;
        int handle_type;
        unsigned char f_handle[8];
    } handle = {.handle_bytes = 8, .handle_type = 1 /* FILEID_INO32_GEN */};
    OUTCOME(syscall(SYS_open_by_handle_at, mount_fd, &handle, O_RDONLY | O_CLOEXEC));
}

static struct outcome p_init_module(void)
{
    // An empty image: ENOEXEC after the CAP_SYS_MODULE check.
    static char image[1];
    OUTCOME(syscall(SYS_init_module, image, 0UL, ""));
}

static struct outcome p_finit_module(void)
{
    // An unknown flag bit: EINVAL after the CAP_SYS_MODULE check, before the fd is looked at.
    OUTCOME(syscall(SYS_finit_module, -1, "", 1 << 30));
}

static struct outcome p_delete_module(void)
{
    // A module that is not loaded: ENOENT after the CAP_SYS_MODULE check.
    OUTCOME(syscall(SYS_delete_module, "butte_probe_no_such_module", O_NONBLOCK));
}

static struct outcome p_pivot_root(void)
{
    // An empty path: ENOENT after the CAP_SYS_ADMIN check.
    OUTCOME(syscall(SYS_pivot_root, "", ""));
}

static struct outcome p_chroot(void) { OUTCOME(chroot("/")); }

static struct outcome p_swapon(void)
{
    // An empty path: ENOENT after the CAP_SYS_ADMIN check.
    OUTCOME(syscall(SYS_swapon, "", 0));
}

static struct outcome p_swapoff(void) { OUTCOME(syscall(SYS_swapoff, "")); }

static struct outcome p_reboot(void)
{
    // No magic numbers: EINVAL after the CAP_SYS_BOOT check. The raw syscall, because the libc
    // wrapper would fill the magic in.
    OUTCOME(syscall(SYS_reboot, 0, 0, 0, NULL));
}

static struct outcome p_clone_newuser(void)
{
    // The new child exits at once. The kernel refuses CLONE_NEWUSER with EPERM to a chrooted
    // caller, so under plain chroot this reports "denied" even without any filter.
    errno = 0;
    long r = syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER | SIGCHLD), 0L, 0L, 0L, 0L);
    if (r == 0)
        _exit(0);
    int e = errno;
    if (r > 0)
        waitpid((pid_t)r, NULL, 0);
    return (struct outcome){.ret = r, .err = r < 0 ? e : 0};
}

static struct outcome p_clone3(void)
{
#ifdef SYS_clone3
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    errno = 0;
    long r = syscall(SYS_clone3, &args, sizeof args);
    if (r == 0)
        _exit(0);
    int e = errno;
    if (r > 0)
        waitpid((pid_t)r, NULL, 0);
    return (struct outcome){.ret = r, .err = r < 0 ? e : 0};
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_socket_packet(void)
{
    // A stream packet socket does not exist: ESOCKTNOSUPPORT after the CAP_NET_RAW check.
    OUTCOME(socket(AF_PACKET, SOCK_STREAM, 0));
}

static struct outcome p_socket_alg(void)
{
    // AF_ALG knows only SOCK_SEQPACKET: ESOCKTNOSUPPORT. No capability involved.
    OUTCOME(socket(AF_ALG, SOCK_DGRAM, 0));
}

static struct outcome p_socket_vsock(void)
{
    // vsock has no raw sockets: ESOCKTNOSUPPORT. No capability involved.
    OUTCOME(socket(AF_VSOCK, SOCK_RAW, 0));
}

static struct outcome p_personality(void)
{
    // Turning address-space randomisation off: allowed by the kernel, refused by Docker's profile.
    OUTCOME(personality(ADDR_NO_RANDOMIZE));
}

static struct outcome p_sethostname(void)
{
    // One byte over the limit: EINVAL after the CAP_SYS_ADMIN check; the name never changes.
    static char name[65];
    memset(name, 'x', sizeof name);
    OUTCOME(syscall(SYS_sethostname, name, sizeof name));
}

static struct outcome p_setdomainname(void)
{
    static char name[65];
    memset(name, 'x', sizeof name);
    OUTCOME(syscall(SYS_setdomainname, name, sizeof name));
}

static struct outcome p_fsopen(void)
{
    // An unknown flag: EINVAL after the CAP_SYS_ADMIN check.
#ifdef SYS_fsopen
    OUTCOME(syscall(SYS_fsopen, "tmpfs", 1U << 30));
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_fsconfig(void)
{
    // A directory fd is not a filesystem context: EINVAL. fsconfig has no capability check of its
    // own (fsopen has), so this only shows whether a filter lets it through.
#ifdef SYS_fsconfig
    int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return (struct outcome){.ret = -1, .err = errno, .setup_error = "open /"};
    OUTCOME(syscall(SYS_fsconfig, fd, 0 /* FSCONFIG_SET_FLAG */, "ro", NULL, 0));
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_io_uring_setup(void)
{
    // Zero entries: EINVAL, once the io_uring_disabled sysctl and any filter let the call in.
#ifdef SYS_io_uring_setup
    static unsigned char params[120];
    OUTCOME(syscall(SYS_io_uring_setup, 0U, params));
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_userfaultfd(void)
{
    // An unknown flag: EINVAL after the vm.unprivileged_userfaultfd / CAP_SYS_PTRACE check.
#ifdef SYS_userfaultfd
    OUTCOME(syscall(SYS_userfaultfd, 1 << 28));
#else
    return (struct outcome){.ret = -1, .err = ENOSYS};
#endif
}

static struct outcome p_acct(void)
{
    // An empty path: ENOENT after the CAP_SYS_PACCT check. Never NULL, which would switch the
    // host's process accounting off.
    OUTCOME(syscall(SYS_acct, ""));
}

static struct outcome p_syslog(void)
{
    // Asks for the size of the kernel log buffer: read-only, needs CAP_SYSLOG when
    // kernel.dmesg_restrict is set.
    OUTCOME(syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0));
}

/// One syscall probe: the name used on the command line, the exact call made, and which results
/// mean the call got past every permission check.
struct syscall_probe {
    const char *name;
    const char *call;
    /// The errnos that mean "allowed"; an empty list means the call is expected to succeed.
    int allowed_errnos[3];
    struct outcome (*run)(void);
};

static const struct syscall_probe syscall_probes[] = {
    {"mount", "mount(NULL, \"/\", NULL, MS_SHARED|MS_PRIVATE, NULL)", {EINVAL}, p_mount},
    {"umount2", "umount2(\"/\", MNT_EXPIRE|MNT_DETACH)", {EINVAL}, p_umount2},
    {"unshare", "unshare(CLONE_NEWUTS)", {0}, p_unshare},
    {"unshare-user", "unshare(CLONE_NEWUSER)", {0}, p_unshare_user},
    {"setns", "setns(own uts namespace, CLONE_NEWUTS)", {0}, p_setns},
    {"keyctl", "keyctl(0x7fffffff, 0, 0, 0, 0)", {EOPNOTSUPP}, p_keyctl},
    {"add_key", "add_key(\"user\", \"butte-probe\", \"x\", 1, 0)", {EINVAL}, p_add_key},
    {"bpf", "bpf(BPF_PROG_LOAD, socket filter with 0 instructions)", {E2BIG}, p_bpf},
    {"ptrace", "ptrace(PTRACE_PEEKUSER, getpid(), 0, 0)", {ESRCH}, p_ptrace},
    {"kexec_load", "kexec_load(0, 17, NULL, 0)", {EINVAL}, p_kexec_load},
    {"kexec_file_load", "kexec_file_load(-1, -1, 0, NULL, 1<<30)", {EINVAL}, p_kexec_file_load},
    {"open_by_handle_at", "open_by_handle_at(\"/\", {8, FILEID_INO32_GEN, inode 0}, O_RDONLY)", {ESTALE},
     p_open_by_handle_at},
    {"init_module", "init_module(image, 0, \"\")", {ENOEXEC}, p_init_module},
    {"finit_module", "finit_module(-1, \"\", 1<<30)", {EINVAL}, p_finit_module},
    {"delete_module", "delete_module(\"butte_probe_no_such_module\", O_NONBLOCK)", {ENOENT}, p_delete_module},
    {"pivot_root", "pivot_root(\"\", \"\")", {ENOENT}, p_pivot_root},
    {"chroot", "chroot(\"/\")", {0}, p_chroot},
    {"swapon", "swapon(\"\", 0)", {ENOENT}, p_swapon},
    {"swapoff", "swapoff(\"\")", {ENOENT}, p_swapoff},
    {"reboot", "reboot(0, 0, 0, NULL)", {EINVAL}, p_reboot},
    {"clone-newuser", "clone(CLONE_NEWUSER|SIGCHLD)", {0}, p_clone_newuser},
    {"clone3", "clone3({.exit_signal = SIGCHLD})", {0}, p_clone3},
    {"socket-packet", "socket(AF_PACKET, SOCK_STREAM, 0)", {ESOCKTNOSUPPORT}, p_socket_packet},
    {"socket-alg", "socket(AF_ALG, SOCK_DGRAM, 0)", {ESOCKTNOSUPPORT}, p_socket_alg},
    {"socket-vsock", "socket(AF_VSOCK, SOCK_RAW, 0)", {ESOCKTNOSUPPORT}, p_socket_vsock},
    {"personality", "personality(ADDR_NO_RANDOMIZE)", {0}, p_personality},
    {"sethostname", "sethostname(65 bytes, 65)", {EINVAL}, p_sethostname},
    {"setdomainname", "setdomainname(65 bytes, 65)", {EINVAL}, p_setdomainname},
    {"fsopen", "fsopen(\"tmpfs\", 1<<30)", {EINVAL}, p_fsopen},
    {"fsconfig", "fsconfig(fd of \"/\", FSCONFIG_SET_FLAG, \"ro\", NULL, 0)", {EINVAL}, p_fsconfig},
    {"io_uring_setup", "io_uring_setup(0, params)", {EINVAL}, p_io_uring_setup},
    {"userfaultfd", "userfaultfd(1<<28)", {EINVAL}, p_userfaultfd},
    {"acct", "acct(\"\")", {ENOENT}, p_acct},
    {"syslog", "syslog(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0)", {0}, p_syslog},
};

#define N_SYSCALL_PROBES (sizeof syscall_probes / sizeof syscall_probes[0])

/// What the child sends back over the pipe.
struct child_report {
    long ret;
    int err;
    char setup_error[96];
};

static const char *verdict_for(const struct syscall_probe *p, long ret, int err)
{
    bool expects_success = p->allowed_errnos[0] == 0;
    if (ret >= 0)
        return expects_success ? "allowed" : "unexpected";
    for (size_t i = 0; i < 3 && p->allowed_errnos[i]; i++)
        if (err == p->allowed_errnos[i])
            return "allowed";
    if (err == EPERM || err == EACCES)
        return "denied";
    if (err == ENOSYS)
        return "enosys";
    if (err == EAFNOSUPPORT)
        return "unsupported";
    return "unexpected";
}

/// Runs one probe in a child and appends its row to the open array.
static int run_syscall_probe(const struct syscall_probe *p)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return fail("pipe2", errno);
    pid_t pid = fork();
    if (pid < 0)
        return fail("fork", errno);
    if (pid == 0) {
        close(fds[0]);
        struct outcome o = p->run();
        struct child_report r = {.ret = o.ret, .err = o.err};
        if (o.setup_error)
            snprintf(r.setup_error, sizeof r.setup_error, "%s", o.setup_error);
        ssize_t ignored = write(fds[1], &r, sizeof r);
        (void)ignored;
        _exit(0);
    }
    close(fds[1]);
    struct child_report r;
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(fds[0], (char *)&r + got, sizeof r - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return fail("waitpid", errno);
    }

    j_obj();
    j_key("name");
    j_str(p->name);
    j_key("call");
    j_str(p->call);
    if (got < sizeof r) {
        // The child died before reporting: a seccomp filter with a kill action, most likely.
        j_key("ret");
        j_null();
        j_errno_fields(0);
        j_key("verdict");
        j_str(WIFSIGNALED(status) ? "killed" : "error");
        j_key("signal");
        if (WIFSIGNALED(status))
            j_int(WTERMSIG(status));
        else
            j_null();
    } else if (r.setup_error[0]) {
        j_key("ret");
        j_int(r.ret);
        j_errno_fields(r.err);
        j_key("verdict");
        j_str("error");
        j_key("detail");
        j_str(r.setup_error);
    } else {
        j_key("ret");
        j_int(r.ret);
        j_errno_fields(r.err);
        j_key("verdict");
        j_str(verdict_for(p, r.ret, r.err));
    }
    j_end_obj();
    return 0;
}

static int cmd_syscalls(int argc, char **argv)
{
    // Validate every name before running anything.
    for (int i = 0; i < argc; i++) {
        bool known = false;
        for (size_t k = 0; k < N_SYSCALL_PROBES; k++)
            known = known || strcmp(argv[i], syscall_probes[k].name) == 0;
        if (!known) {
            fprintf(stderr, "probe: unknown syscall probe '%s'; known:", argv[i]);
            for (size_t k = 0; k < N_SYSCALL_PROBES; k++)
                fprintf(stderr, " %s", syscall_probes[k].name);
            fputs("\n", stderr);
            return 2;
        }
    }
    j_obj();
    j_key("syscalls");
    j_arr();
    if (argc == 0) {
        for (size_t k = 0; k < N_SYSCALL_PROBES; k++)
            if (run_syscall_probe(&syscall_probes[k]))
                return 1;
    }
    for (int i = 0; i < argc; i++) {
        for (size_t k = 0; k < N_SYSCALL_PROBES; k++) {
            if (strcmp(argv[i], syscall_probes[k].name) == 0 && run_syscall_probe(&syscall_probes[k]))
                return 1;
        }
    }
    j_end_arr();
    j_end_obj();
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe fds

static int cmd_fds(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("fds takes no arguments");
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return fail("opendir /proc/self/fd", errno);
    int own = dirfd(d);
    int fds[1024];
    size_t nfds = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        long long fd;
        if (!parse_long(e->d_name, 0, INT_MAX, &fd) || fd == own)
            continue;
        if (nfds == sizeof fds / sizeof fds[0]) {
            closedir(d);
            return fail("more than 1024 open fds", E2BIG);
        }
        fds[nfds++] = (int)fd;
    }
    closedir(d);
    // Sort numerically: readdir order is not.
    for (size_t i = 1; i < nfds; i++)
        for (size_t j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
            int t = fds[j];
            fds[j] = fds[j - 1];
            fds[j - 1] = t;
        }

    j_obj();
    j_key("fds");
    j_arr();
    for (size_t i = 0; i < nfds; i++) {
        char link[64], target[PATH_MAX + 1];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fds[i]);
        ssize_t n = readlink(link, target, sizeof target - 1);
        j_obj();
        j_key("fd");
        j_int(fds[i]);
        j_key("target");
        if (n >= 0)
            j_strn(target, (size_t)n);
        else
            j_null();
        j_key("cloexec");
        int flags = fcntl(fds[i], F_GETFD);
        if (flags >= 0)
            j_bool(flags & FD_CLOEXEC);
        else
            j_null();
        j_end_obj();
    }
    j_end_arr();
    j_end_obj();
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe mounts

/// Decodes the octal escapes (\040 for space, \011, \012, \134) mountinfo uses in paths, in place.
static char *unescape_octal(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    *w = 0;
    return s;
}

static int cmd_mounts(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("mounts takes no arguments");
    char *info;
    const char *stage;
    ssize_t n = read_file("/proc/self/mountinfo", &info, 1 << 22, &stage);
    if (n < 0)
        return fail("read /proc/self/mountinfo", (int)-n);

    j_obj();
    j_key("mounts");
    j_arr();
    for (char *line = info; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        // id parent major:minor root mount_point options [optional fields...] - fstype source super_options
        char *fields[64];
        size_t nf = 0;
        for (char *tok = strtok(line, " "); tok && nf < 64; tok = strtok(NULL, " "))
            fields[nf++] = tok;
        size_t dash = 0;
        for (size_t i = 6; i < nf; i++)
            if (strcmp(fields[i], "-") == 0) {
                dash = i;
                break;
            }
        if (dash == 0 || dash + 1 >= nf) {
            free(info);
            return fail("parse /proc/self/mountinfo", EINVAL);
        }
        j_obj();
        j_key("id");
        j_int(atoll(fields[0]));
        j_key("parent");
        j_int(atoll(fields[1]));
        j_key("device");
        j_str(fields[2]);
        j_key("root");
        j_str(unescape_octal(fields[3]));
        j_key("mount_point");
        j_str(unescape_octal(fields[4]));
        j_key("options");
        j_str(fields[5]);
        j_key("propagation");
        j_arr();
        for (size_t i = 6; i < dash; i++)
            j_str(fields[i]);
        j_end_arr();
        j_key("fs_type");
        j_str(unescape_octal(fields[dash + 1]));
        j_key("source");
        j_str(dash + 2 < nf ? unescape_octal(fields[dash + 2]) : "");
        j_key("super_options");
        j_str(dash + 3 < nf ? fields[dash + 3] : "");
        j_end_obj();
        line = nl ? nl + 1 : NULL;
    }
    j_end_arr();
    j_end_obj();
    free(info);
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe read / probe write

static int cmd_read(int argc, char **argv)
{
    if (argc == 0)
        return usage_error("read needs at least one PATH");
    j_obj();
    j_key("results");
    j_arr();
    for (int i = 0; i < argc; i++) {
        char *buf;
        const char *stage;
        ssize_t n = read_file(argv[i], &buf, READ_CAP, &stage);
        j_obj();
        j_key("path");
        j_str(argv[i]);
        j_key("ok");
        j_bool(n >= 0);
        j_key("stage");
        if (n >= 0)
            j_null();
        else
            j_str(stage);
        j_errno_fields(n < 0 ? (int)-n : 0);
        j_key("bytes");
        j_int(n >= 0 ? n : 0);
        j_key("data");
        if (n >= 0)
            j_strn(buf, (size_t)n);
        else
            j_null();
        j_end_obj();
        free(buf);
    }
    j_end_arr();
    j_end_obj();
    return flush_out();
}

static int cmd_write(int argc, char **argv)
{
    if (argc < 1 || argc > 2)
        return usage_error("usage: probe write PATH [DATA]");
    // No O_TRUNC, and without DATA nothing is written: opening for writing is the check, so a
    // writable sysctl or trigger file is never changed by accident.
    const char *path = argv[0];
    const char *data = argc == 2 ? argv[1] : NULL;
    const char *stage = "open";
    int err = 0;
    ssize_t written = 0;
    int fd;
    do
        fd = open(path, O_WRONLY | O_CREAT | O_NOCTTY | O_CLOEXEC, 0644);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        err = errno;
    } else if (data) {
        stage = "write";
        size_t len = strlen(data);
        while ((size_t)written < len) {
            ssize_t n = write(fd, data + written, len - (size_t)written);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                err = errno;
                break;
            }
            written += n;
        }
    }
    if (fd >= 0 && close(fd) < 0 && !err) {
        stage = "close";
        err = errno;
    }
    j_obj();
    j_key("path");
    j_str(path);
    j_key("ok");
    j_bool(err == 0);
    j_key("stage");
    if (err)
        j_str(stage);
    else
        j_null();
    j_errno_fields(err);
    j_key("bytes");
    j_int(written);
    j_end_obj();
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe cgroup

static int cmd_cgroup(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("cgroup takes no arguments");
    char *cg;
    const char *stage;
    ssize_t n = read_file("/proc/self/cgroup", &cg, 1 << 16, &stage);
    if (n < 0)
        return fail("read /proc/self/cgroup", (int)-n);

    char unified[PATH_MAX] = {0};
    bool have_unified = false;
    j_obj();
    j_key("entries");
    j_arr();
    for (char *line = cg; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        // hierarchy-id:controller-list:path; the path may itself contain ':'.
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2) {
            free(cg);
            return fail("parse /proc/self/cgroup", EINVAL);
        }
        *c1 = 0;
        *c2 = 0;
        j_obj();
        j_key("hierarchy");
        j_int(atoll(line));
        j_key("controllers");
        j_str(c1 + 1);
        j_key("path");
        j_str(c2 + 1);
        j_end_obj();
        if (strcmp(line, "0") == 0 && c1[1] == 0) {
            snprintf(unified, sizeof unified, "%s", c2 + 1);
            have_unified = true;
        }
        line = nl ? nl + 1 : NULL;
    }
    j_end_arr();

    struct statfs sfs;
    bool mounted = statfs("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
    j_key("cgroup2_mounted");
    j_bool(mounted);
    j_key("dir");
    char dir[PATH_MAX + 32];
    if (mounted && have_unified) {
        // Inside a cgroup namespace the path is relative to the namespace root, which is what
        // /sys/fs/cgroup shows there; outside, it is relative to the host root. A path of
        // "/.." and the like means our cgroup is outside the visible tree.
        snprintf(dir, sizeof dir, "/sys/fs/cgroup%s", strcmp(unified, "/") == 0 ? "" : unified);
        j_str(dir);
    } else {
        j_null();
    }
    j_key("files");
    j_obj();
    if (mounted && have_unified) {
        static const char *names[] = {"cgroup.controllers", "memory.max", "pids.max", "cpu.max"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            char path[PATH_MAX + 64];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            char *buf;
            ssize_t r = read_file(path, &buf, READ_CAP, &stage);
            j_key(names[i]);
            j_obj();
            j_key("value");
            if (r >= 0)
                j_strn(buf, trim_newline(buf, (size_t)r));
            else
                j_null();
            j_errno_fields(r < 0 ? (int)-r : 0);
            j_end_obj();
            free(buf);
        }
    }
    j_end_obj();
    j_end_obj();
    free(cg);
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe env / cwd / rlimits

extern char **environ;

static int cmd_env(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("env takes no arguments");
    j_obj();
    j_key("env");
    j_arr();
    for (char **e = environ; e && *e; e++)
        j_str(*e);
    j_end_arr();
    j_end_obj();
    return flush_out();
}

static int cmd_cwd(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("cwd takes no arguments");
    char buf[PATH_MAX + 1];
    // Raw getcwd: glibc's wrapper hides the "(unreachable)" prefix the kernel reports for a cwd
    // outside the root, which is exactly what a container test wants to see.
    long n = syscall(SYS_getcwd, buf, sizeof buf);
    if (n < 0)
        return fail("getcwd", errno);
    j_obj();
    j_key("cwd");
    j_str(buf);
    j_end_obj();
    return flush_out();
}

static int cmd_rlimits(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("rlimits takes no arguments");
    static const struct {
        const char *name;
        int resource;
    } limits[] = {
        {"as", RLIMIT_AS},         {"core", RLIMIT_CORE},       {"cpu", RLIMIT_CPU},
        {"data", RLIMIT_DATA},     {"fsize", RLIMIT_FSIZE},     {"locks", RLIMIT_LOCKS},
        {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
        {"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC},     {"rss", RLIMIT_RSS},
        {"rtprio", RLIMIT_RTPRIO}, {"rttime", RLIMIT_RTTIME},   {"sigpending", RLIMIT_SIGPENDING},
        {"stack", RLIMIT_STACK},
    };
    j_obj();
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        struct rlimit rl;
        if (getrlimit(limits[i].resource, &rl) < 0)
            return fail("getrlimit", errno);
        // null means RLIM_INFINITY.
        j_key(limits[i].name);
        j_obj();
        j_key("soft");
        if (rl.rlim_cur == RLIM_INFINITY)
            j_null();
        else
            j_uint(rl.rlim_cur);
        j_key("hard");
        if (rl.rlim_max == RLIM_INFINITY)
            j_null();
        else
            j_uint(rl.rlim_max);
        j_end_obj();
    }
    j_end_obj();
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe sleep / exit / spin

static int cmd_sleep(int argc, char **argv)
{
    double s;
    if (argc != 1 || !parse_seconds(argv[0], &s))
        return usage_error("usage: probe sleep SECONDS (a non-negative number)");
    double start = now_monotonic();
    sleep_seconds(s);
    j_obj();
    j_key("slept");
    j_double(now_monotonic() - start);
    j_end_obj();
    return flush_out();
}

static int cmd_exit(int argc, char **argv)
{
    long long code;
    if (argc != 1 || !parse_long(argv[0], 0, 255, &code))
        return usage_error("usage: probe exit CODE (0-255)");
    j_obj();
    j_key("exit");
    j_int(code);
    j_end_obj();
    if (flush_out())
        return 1;
    return (int)code;
}

static int cmd_spin(int argc, char **argv)
{
    double s;
    if (argc != 1 || !parse_seconds(argv[0], &s))
        return usage_error("usage: probe spin SECONDS (a non-negative number)");
    double start = now_monotonic();
    volatile unsigned long long x = 0;
    unsigned long long iterations = 0;
    while (now_monotonic() - start < s) {
        for (int i = 0; i < 100000; i++)
            x += (unsigned long long)i * 2654435761ULL;
        iterations++;
    }
    struct timespec cpu;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    j_obj();
    j_key("wall_seconds");
    j_double(now_monotonic() - start);
    j_key("cpu_seconds");
    j_double((double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9);
    j_key("iterations");
    j_uint(iterations);
    j_end_obj();
    return flush_out();
}

// ---------------------------------------------------------------------------------------------
// probe fork-children / forkbomb / alloc

static int cmd_fork_children(int argc, char **argv)
{
    long long n;
    double s = -1;
    if (argc < 1 || argc > 2 || !parse_long(argv[0], 0, 4096, &n) || (argc == 2 && !parse_seconds(argv[1], &s)))
        return usage_error("usage: probe fork-children N [SECONDS] (N 0-4096; children sleep SECONDS, default forever)");
    pid_t *pids = calloc((size_t)n + 1, sizeof *pids);
    if (!pids)
        die_oom();
    for (long long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            int e = errno;
            for (long long k = 0; k < i; k++)
                kill(pids[k], SIGKILL);
            return fail("fork", e);
        }
        if (pid == 0) {
            if (s < 0)
                for (;;)
                    pause();
            sleep_seconds(s);
            _exit(0);
        }
        pids[i] = pid;
    }
    // The report goes out while the children live; then this process stays as their parent
    // until all of them exit, so killing the container is what ends it.
    j_obj();
    j_key("pid");
    j_int(getpid());
    j_key("children");
    j_arr();
    for (long long i = 0; i < n; i++)
        j_int(pids[i]);
    j_end_arr();
    j_end_obj();
    int rc = flush_out();
    for (long long i = 0; i < n; i++)
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {
        }
    free(pids);
    return rc;
}

static int cmd_forkbomb(int argc, char **argv)
{
    long long max;
    if (argc != 1 || !parse_long(argv[0], 1, 1000000, &max))
        return usage_error("usage: probe forkbomb MAX (1-1000000)");
    pid_t *pids = calloc((size_t)max, sizeof *pids);
    if (!pids)
        die_oom();
    pid_t parent = getpid();
    long long count = 0;
    int err = 0;
    while (count < max) {
        pid_t pid = fork();
        if (pid < 0) {
            err = errno;
            break;
        }
        if (pid == 0) {
            // Die with the parent, even if it is killed before it can clean up.
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(0);
            for (;;)
                pause();
        }
        pids[count++] = pid;
    }
    for (long long i = 0; i < count; i++)
        kill(pids[i], SIGKILL);
    for (long long i = 0; i < count; i++)
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {
        }
    free(pids);
    j_obj();
    j_key("forked");
    j_int(count);
    j_key("reached_max");
    j_bool(count == max);
    j_errno_fields(err);
    j_end_obj();
    return flush_out();
}

static int cmd_alloc(int argc, char **argv)
{
    long long mb;
    if (argc != 1 || !parse_long(argv[0], 0, 1 << 20, &mb))
        return usage_error("usage: probe alloc MB (0-1048576)");
    size_t len = (size_t)mb << 20;
    if (len > 0) {
        char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return fail("mmap", errno);
        // Touch every page with a non-zero byte so the memory is really charged (an OOM kill
        // lands here when the limit is lower).
        long page = sysconf(_SC_PAGESIZE);
        for (size_t off = 0; off < len; off += (size_t)page)
            p[off] = 1;
    }
    j_obj();
    j_key("allocated_mb");
    j_int(mb);
    j_end_obj();
    return flush_out();
}

// ---------------------------------------------------------------------------------------------

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"ids", cmd_ids, "pid, ppid, hostname, uids, gids, supplementary groups"},
    {"caps", cmd_caps, "capability sets, NoNewPrivs and seccomp from /proc/self/status"},
    {"syscalls", cmd_syscalls, "[NAME...]: whether each syscall gets past seccomp and capability checks"},
    {"fds", cmd_fds, "open file descriptors and their targets"},
    {"mounts", cmd_mounts, "/proc/self/mountinfo"},
    {"read", cmd_read, "PATH...: whether each file can be opened and read"},
    {"write", cmd_write, "PATH [DATA]: whether PATH can be opened for writing (and DATA written)"},
    {"cgroup", cmd_cgroup, "own cgroup and its limits"},
    {"env", cmd_env, "the environment"},
    {"cwd", cmd_cwd, "the working directory"},
    {"rlimits", cmd_rlimits, "resource limits"},
    {"sleep", cmd_sleep, "SECONDS: sleep, then report"},
    {"exit", cmd_exit, "CODE: report, then exit with CODE"},
    {"spin", cmd_spin, "SECONDS: burn CPU"},
    {"fork-children", cmd_fork_children, "N [SECONDS]: fork N sleeping children and wait for them"},
    {"forkbomb", cmd_forkbomb, "MAX: fork until failure or MAX children"},
    {"alloc", cmd_alloc, "MB: allocate and touch MB MiB"},
};

static void usage(FILE *f)
{
    fputs("usage: probe COMMAND [ARGS...]\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "probe: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
