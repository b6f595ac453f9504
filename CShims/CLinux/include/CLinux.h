// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#ifndef CLINUX_H
#define CLINUX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// `pidfd_send_signal(pidfd, sig, NULL, 0)`. Returns 0 or -errno.
int clinux_pidfd_send_signal(int pidfd, int sig);

/// Waits for the process behind `pidfd` to end (`waitid(P_PIDFD, WEXITED)`), retrying EINTR; stores the
/// `si_code` (CLD_EXITED, CLD_KILLED, CLD_DUMPED) and `si_status`. Returns 0 or -errno.
int clinux_pidfd_wait(int pidfd, int *code, int *status);

/// `pipe2(fds, flags)` (a GNU extension the Swift overlay does not show). Returns 0 or -errno.
int clinux_pipe2(int *fds, int flags);

/// Fills `buffer` with `length` bytes from the kernel's random pool (`getrandom`). Returns 0 or -errno.
int clinux_random(void *buffer, size_t length);

/// `openat(dirfd, path, flags, mode)` (the libc call is variadic). Returns the descriptor or -errno.
int clinux_openat(int dirfd, const char *path, int flags, mode_t mode);

/// Installs a handler for each of `signals` that writes the signal number as one byte to `write_fd`
/// (non-blocking, so a full pipe drops the signal rather than blocking the handler). Returns 0 or -errno.
int clinux_signal_relay_install(int write_fd, const int *signals, int count);

/// Puts the default action back for each of `signals`. Returns 0 or -errno.
int clinux_signal_relay_remove(const int *signals, int count);

#endif
