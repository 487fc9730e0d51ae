/* tc-deadline.h: a time limit that cancels an operation, and says it did
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A timer and a cancellable, not a socket timeout, which would also end a
 * connection that is merely quiet. When it passes, the operation's
 * cancellable is cancelled and @expired tells that cancel from the
 * caller's, so that the failure can say "timed out".
 */
typedef struct
{
  GSource      *source;
  GCancellable *cancellable;  /* borrowed: the operation holds it */
  gboolean      expired;
} TcDeadline;

void  tc_deadline_start  (TcDeadline   *self,
                          guint         timeout_ms,
                          GCancellable *cancellable,
                          const char   *name);
void  tc_deadline_stop   (TcDeadline   *self);

G_END_DECLS
