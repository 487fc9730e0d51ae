/* tc-deadline.c: a time limit that cancels an operation, and says it did
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-deadline.h"

#include "tc-source.h"

static gboolean
on_deadline (gpointer user_data)
{
  TcDeadline *self = user_data;

  g_clear_pointer (&self->source, g_source_unref);
  self->expired = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

/* @name: the source's, for profilers. @self must stay in place until
 * stopped: the timer points at it. */
void
tc_deadline_start (TcDeadline   *self,
                   guint         timeout_ms,
                   GCancellable *cancellable,
                   const char   *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  tc_deadline_stop (self);
  self->cancellable = cancellable;
  self->expired = FALSE;
  self->source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (self->source, on_deadline, self, NULL);
  g_source_set_static_name (self->source, name);
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

/* The operation is over (or past the part the limit is for); whether the
 * deadline expired stays readable. */
void
tc_deadline_stop (TcDeadline *self)
{
  g_return_if_fail (self != NULL);

  tc_source_clear (&self->source);
  self->cancellable = NULL;
}
