// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#ifndef CSECCOMP_H
#define CSECCOMP_H

#include <stddef.h>
#include <stdint.h>

/// Seccomp filter actions, in the kernel's `SECCOMP_RET_*` encoding that libseccomp uses too.
#define CSECCOMP_ACT_KILL_PROCESS 0x80000000U
/// Kills the calling thread.
#define CSECCOMP_ACT_KILL_THREAD 0x00000000U
/// Sends SIGSYS to the calling thread.
#define CSECCOMP_ACT_TRAP 0x00030000U
/// Hands the call to a user-space notifier (not supported by Butte's loader).
#define CSECCOMP_ACT_NOTIFY 0x7fc00000U
/// Allows the call and logs it.
#define CSECCOMP_ACT_LOG 0x7ffc0000U
/// Allows the call.
#define CSECCOMP_ACT_ALLOW 0x7fff0000U

/// The action "fail the call with `err`" (`SCMP_ACT_ERRNO`); only the low 16 bits of `err` are kept.
static inline uint32_t cseccomp_act_errno(uint32_t err) { return 0x00050000U | (err & 0xffffU); }

/// The action "notify a ptrace tracer with message `msg`" (`SCMP_ACT_TRACE`).
static inline uint32_t cseccomp_act_trace(uint32_t msg) { return 0x7ff00000U | (msg & 0xffffU); }

/// Argument comparison operators, numbered as libseccomp's `enum scmp_compare`.
enum cseccomp_cmp {
    /// `arg != a`
    CSECCOMP_CMP_NE = 1,
    /// `arg < a`
    CSECCOMP_CMP_LT = 2,
    /// `arg <= a`
    CSECCOMP_CMP_LE = 3,
    /// `arg == a`
    CSECCOMP_CMP_EQ = 4,
    /// `arg >= a`
    CSECCOMP_CMP_GE = 5,
    /// `arg > a`
    CSECCOMP_CMP_GT = 6,
    /// `(arg & a) == b`
    CSECCOMP_CMP_MASKED_EQ = 7,
};

/// One comparison on a syscall argument. All comparisons of a rule must hold for the rule to match.
struct cseccomp_arg_cmp {
    /// Argument index, 0 to 5.
    uint32_t index;
    /// One of `enum cseccomp_cmp`.
    uint32_t op;
    /// The operand, or the mask for `CSECCOMP_CMP_MASKED_EQ`.
    uint64_t datum_a;
    /// The value compared with the masked argument for `CSECCOMP_CMP_MASKED_EQ`; unused otherwise.
    uint64_t datum_b;
};

/// One classic BPF instruction, laid out exactly like the kernel's `struct sock_filter`.
struct cseccomp_insn {
    /// Opcode.
    uint16_t code;
    /// Jump offset when the condition holds.
    uint8_t jt;
    /// Jump offset when it does not.
    uint8_t jf;
    /// Operand.
    uint32_t k;
};

/// A libseccomp filter context being built in the parent. Never used in a forked child.
struct cseccomp_filter;

/// Returned by `cseccomp_filter_add_rule` when libseccomp does not know the syscall name; nothing was added.
#define CSECCOMP_SKIPPED_UNKNOWN 1

/// Creates a filter whose default action is `default_action` (a `CSECCOMP_ACT_*` value or `cseccomp_act_errno(n)`).
///
/// The filter contains the native architecture; calls from an architecture the filter does not contain
/// kill the process. Returns 0 and stores the filter in `*out`, or -errno.
int cseccomp_filter_create(uint32_t default_action, struct cseccomp_filter **out);

/// Releases a filter made by `cseccomp_filter_create`. Accepts NULL.
void cseccomp_filter_destroy(struct cseccomp_filter *filter);

/// The libseccomp token of the architecture this process runs on (`AUDIT_ARCH_*` value).
uint32_t cseccomp_arch_native(void);

/// Resolves a libseccomp architecture name ("x86_64", "x86", "x32", "aarch64", ...) to its token.
/// Returns 0, or -EINVAL when libseccomp does not know the name.
int cseccomp_arch_resolve(const char *name, uint32_t *token);

/// Adds an architecture (ABI) to the filter so its calls are filtered too. Adding one twice is not an error.
/// Returns 0 or -errno.
int cseccomp_filter_add_arch(struct cseccomp_filter *filter, uint32_t arch_token);

/// Sets libseccomp's optimisation level: 1 orders rules by priority, 2 emits a binary tree of syscall numbers.
/// Returns 0 or -errno.
int cseccomp_filter_set_optimize(struct cseccomp_filter *filter, uint32_t level);

/// Looks up a syscall number by name for one architecture (`arch_token` 0 means native).
///
/// Returns 0 and stores the number in `*nr`; the number is negative when libseccomp knows the name but
/// the call does not exist on that architecture (a libseccomp pseudo number). x32 numbers include the
/// x32 bit (0x40000000). Returns -ENOENT when libseccomp does not know the name at all.
int cseccomp_syscall_resolve(uint32_t arch_token, const char *name, int32_t *nr);

/// Adds a rule "`name` with all `args` comparisons true → `action`" for every architecture of the filter
/// on which the call exists.
///
/// Returns 0 when added, `CSECCOMP_SKIPPED_UNKNOWN` when libseccomp does not know `name`, or -errno
/// (-EACCES when `action` equals the default action, -EINVAL for a bad comparison, -EEXIST for a
/// conflicting rule).
int cseccomp_filter_add_rule(struct cseccomp_filter *filter, uint32_t action, const char *name,
                             const struct cseccomp_arg_cmp *args, uint32_t arg_count);

/// Compiles the filter and copies the classic BPF program into `buf`.
///
/// `*count` receives the number of instructions of the program. Returns 0, or -ENOSPC when `capacity`
/// (in instructions) is too small (call again with a buffer of `*count`; `buf` may be NULL to ask), or -errno.
int cseccomp_filter_export(struct cseccomp_filter *filter, struct cseccomp_insn *buf, size_t capacity,
                           size_t *count);

/// How a probe call ended in the child.
struct cseccomp_probe_result {
    /// 0 when the call returned; 1 when setting no_new_privs failed; 2 when loading the filter failed.
    int32_t stage;
    /// errno of the failed step, or of the probed call when it returned -1 (0 when it succeeded).
    int32_t err;
    /// The return value of the probed call (-1 when it failed).
    int64_t ret;
    /// The signal that ended the child when it did not exit normally (a filter's kill or trap action), else 0.
    int32_t signal;
};

/// ABI of a probe call: the native syscall instruction.
#define CSECCOMP_PROBE_ABI_NATIVE 0
/// ABI of a probe call: the 32-bit x86 `int $0x80` entry (x86_64 only; -EOPNOTSUPP elsewhere).
#define CSECCOMP_PROBE_ABI_I386 1

/// Diagnostic: forks a child that sets no_new_privs, loads `prog` with `PR_SET_SECCOMP`, makes syscall `nr`
/// with `args` through `abi`, and reports the outcome in `*out`. Waits for the child.
///
/// The child runs raw syscalls only (safe in a multi-threaded parent). Returns 0 or -errno of fork, pipe
/// or waitpid. `count` is in instructions (the kernel accepts at most 4096).
int cseccomp_probe_in_child(const struct cseccomp_insn *prog, uint16_t count, uint32_t abi, long nr,
                            const uint64_t args[6], struct cseccomp_probe_result *out);

#endif
