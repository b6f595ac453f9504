// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#define _GNU_SOURCE
#include "CLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int clinux_pidfd_send_signal(int pidfd, int sig) {
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}

int clinux_pidfd_wait(int pidfd, int *code, int *status) {
    siginfo_t info;
    for (;;) {
        memset(&info, 0, sizeof info);
        if (waitid((idtype_t)3 /* P_PIDFD */, (id_t)pidfd, &info, WEXITED) == 0) break;
        if (errno != EINTR) return -errno;
    }
    *code = info.si_code;
    *status = info.si_status;
    return 0;
}

int clinux_pipe2(int *fds, int flags) { return pipe2(fds, flags) < 0 ? -errno : 0; }

int clinux_random(void *buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t n = getrandom((char *)buffer + done, length - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        done += (size_t)n;
    }
    return 0;
}

int clinux_openat(int dirfd, const char *path, int flags, mode_t mode) {
    int fd = openat(dirfd, path, flags, mode);
    return fd < 0 ? -errno : fd;
}

static volatile int relay_fd = -1;

static void relay(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    if (relay_fd >= 0) (void)write(relay_fd, &byte, 1);
    errno = saved;
}

int clinux_signal_relay_install(int write_fd, const int *signals, int count) {
    relay_fd = write_fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = relay;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &sa, NULL) < 0) return -errno;
    }
    return 0;
}

int clinux_signal_relay_remove(const int *signals, int count) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &sa, NULL) < 0) return -errno;
    }
    relay_fd = -1;
    return 0;
}
