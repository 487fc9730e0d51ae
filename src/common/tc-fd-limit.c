/* tc-fd-limit.c: room for many connections in one process
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-fd-limit.h"

#include <sys/resource.h>

/**
 * tc_fd_limit_raise:
 *
 * Raises the soft limit on open files to the hard limit: each client is a
 * file descriptor, and the usual soft limit of 1024 would refuse clients
 * long before memory runs short.
 *
 * Returns: the soft limit now in force
 */
guint64
tc_fd_limit_raise (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;

  if (limit.rlim_cur < limit.rlim_max)
    {
      rlim_t wanted = limit.rlim_max;

      limit.rlim_cur = wanted;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }

  return (guint64) limit.rlim_cur;
}
