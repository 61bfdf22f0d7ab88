/*
 * sha256.h - file checksums (core/sha256_stream.h: the CPU's SHA extensions
 * when present, else libsodium), used to recognise a file that was already
 * imported or loaded.
 */
#ifndef ORCS_SHA256_H
#define ORCS_SHA256_H

#include <stddef.h>

#include "core/error.h"

/* Hex digest of the whole file at `path` into `hex` (65 bytes). */
int orcs_sha256_file(const char *path, char hex[65], long long *bytes, orcs_error *err);
/* Hex digest of memory. */
void orcs_sha256_mem(const void *data, size_t len, char hex[65]);

#endif
