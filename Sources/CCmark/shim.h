#ifndef SITEGEN_CCMARK_SHIM_H
#define SITEGEN_CCMARK_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>
#include <cmark.h>

/* memmem is a GNU extension that Swift's Glibc module does not expose. */
static inline void *sitegen_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len) {
    return memmem(haystack, haystack_len, needle, needle_len);
}
#endif
