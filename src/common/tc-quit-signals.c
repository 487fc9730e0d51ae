/* tc-quit-signals.c: SIGINT and SIGTERM handled by the main loop, for an orderly end
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-quit-signals.h"

#include <glib-unix.h>
#include <signal.h>

static const int quit_signals[] = { SIGINT, SIGTERM };

typedef struct
{
  TcQuitSignals *owner;
  int            signum;
  GSource       *source;
} Watch;

struct _TcQuitSignals
{
  TcQuitSignalFunc func;
  gpointer         user_data;
  Watch            watches[G_N_ELEMENTS (quit_signals)];
};

static gboolean
on_signal (gpointer user_data)
{
  Watch *watch = user_data;

  watch->owner->func (watch->signum, watch->owner->user_data);

  return G_SOURCE_CONTINUE;
}

/**
 * tc_quit_signals_watch:
 * @func: what to do on SIGINT (Ctrl+C in the terminal) or SIGTERM (kill,
 *   a session ending)
 *
 * Takes SIGINT and SIGTERM from their default, which ends the process on
 * the spot and resets every peer's connection, to @func, called from the
 * thread-default main context so that connections can close in order.
 *
 * Returns: (transfer full): the watch; tc_quit_signals_free() ends it
 */
TcQuitSignals *
tc_quit_signals_watch (TcQuitSignalFunc func,
                       gpointer         user_data)
{
  TcQuitSignals *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (TcQuitSignals, 1);
  self->func = func;
  self->user_data = user_data;
  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    {
      Watch *watch = &self->watches[i];

      watch->owner = self;
      watch->signum = quit_signals[i];
      watch->source = g_unix_signal_source_new (quit_signals[i]);
      g_source_set_callback (watch->source, on_signal, watch, NULL);
      g_source_attach (watch->source, g_main_context_get_thread_default ());
    }

  return self;
}

void
tc_quit_signals_free (TcQuitSignals *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->watches); i++)
    {
      g_source_destroy (self->watches[i].source);
      g_source_unref (self->watches[i].source);
    }
  g_free (self);
}
