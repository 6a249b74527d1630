/* SPDX-License-Identifier: Apache-2.0 */
/*
 * posix_clock.c - provkit_posix_now_ms(): CLOCK_MONOTONIC in milliseconds.
 */
#include <time.h>

#include "provkit_posix.h"

uint32_t provkit_posix_now_ms(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    /* Unsigned arithmetic so the value wraps at 2^32 instead of overflowing;
     * deadlines are computed with unsigned differences and survive it. */
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u +
                      (uint64_t)ts.tv_nsec / 1000000u);
}
