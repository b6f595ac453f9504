// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// The system libzstd (Debian libzstd-dev), imported by ButteImage for streaming decompression of zstd layers.
#ifndef BUTTE_CZSTD_H
#define BUTTE_CZSTD_H

#include <zstd.h>

#endif
