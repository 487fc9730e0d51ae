/* tc-line.c: the boxed line type
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-line.h"
#include "tc-text.h"

#include <string.h>

/* Spelled out: G_DEFINE_BOXED_TYPE trips -Wpedantic with GCC. */
GType
tc_line_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_boxed_type_register_static (g_intern_static_string ("TcLine"),
                                                 (GBoxedCopyFunc) tc_line_copy,
                                                 (GBoxedFreeFunc) tc_line_free);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* A copy owns its bytes: they are stored right after the struct. */
TcLine *
tc_line_copy (const TcLine *line)
{
  TcLine *copy;

  g_return_val_if_fail (line != NULL, NULL);

  copy = g_malloc (sizeof *copy + line->len + 1);
  *copy = *line;
  copy->data = (const char *) (copy + 1);
  memcpy (copy + 1, line->data, line->len);
  ((char *) (copy + 1))[line->len] = '\0';

  return copy;
}

void
tc_line_free (TcLine *line)
{
  g_free (line);
}

/* Valid UTF-8 with visible control characters, at most 4096 characters. */
char *
tc_line_dup_display (const TcLine *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  return tc_text_make_display_safe (line->data, line->len, 4096);
}
