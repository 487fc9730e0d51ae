/* tc-source.h: timeouts and idles on the thread-default main context, held by pointer
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_timeout_add() and g_idle_add() use the global default context, and
 * their ids can only be removed from it; these follow the context the
 * caller runs in, as the rest of the library does. @ms 0 is an idle. */
static inline GSource *
tc_source_add (guint       ms,
               GSourceFunc func,
               gpointer    user_data)
{
  GSource *source = ms == 0 ? g_idle_source_new () : g_timeout_source_new (ms);

  g_source_set_callback (source, func, user_data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());

  return source;
}

/* Stops a source if it has not run out, and drops it. */
static inline void
tc_source_clear (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

G_END_DECLS
