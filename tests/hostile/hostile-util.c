/* hostile-util.c: memory probes for the hostile-peer tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hostile-util.h"

#include <string.h>

/* Resident memory of @pid (0: this process) in KiB, from /proc. */
gsize
hostile_rss_kib (GPid pid)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;

  path = pid == 0 ? g_strdup ("/proc/self/status") : g_strdup_printf ("/proc/%d/status", pid);
  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);

  field = strstr (status, "\nVmRSS:");
  g_assert_nonnull (field);

  return (gsize) g_ascii_strtoull (field + strlen ("\nVmRSS:"), NULL, 10);
}

#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HOSTILE_ASAN 1
# endif
#endif
#if defined(__SANITIZE_ADDRESS__)
# define HOSTILE_ASAN 1
#endif

/* Valgrind and AddressSanitizer keep freed memory aside on purpose, so the
 * resident size says nothing about what the program holds: the memory
 * bounds are asserted in the plain build only.
 */
gboolean
hostile_rss_is_meaningful (void)
{
#ifdef HOSTILE_ASAN
  return FALSE;
#else
  return !tc_test_under_valgrind ();
#endif
}
