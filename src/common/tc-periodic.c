/* tc-periodic.c: one message sent again and again on a session, on a schedule that does not drift
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-periodic.h"

#include "tc-error.h"

#include <glib/gi18n-lib.h>

/* The n-th send is due at start + n × every: a late one does not push the
 * others back. Sends that fell behind (a busy loop) go out at once, at most
 * this many per wake-up, so that the loop still breathes. */
#define MAX_CATCH_UP 64

struct _TcPeriodic
{
  GObject             parent_instance;

  GBytes             *message;
  TcSession          *session;      /* borrowed while attached */
  TcConnection       *target;       /* NULL: every peer */
  GSource            *timer;
  TcPeriodicDoneFunc  done_func;
  gpointer            done_data;
  gint64              start_us;
  gint64              every_us;
  gint64              max_late_us;
  guint64             count;        /* 0: until stopped */
  guint64             sent;
  gboolean            started;
};

G_DEFINE_FINAL_TYPE (TcPeriodic, tc_periodic, G_TYPE_OBJECT)

static void
clear_timer (TcPeriodic *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static void
detach (TcPeriodic *self);

static void
tc_periodic_dispose (GObject *object)
{
  TcPeriodic *self = TC_PERIODIC (object);

  clear_timer (self);
  detach (self);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (tc_periodic_parent_class)->dispose (object);
}

static void
tc_periodic_finalize (GObject *object)
{
  TcPeriodic *self = TC_PERIODIC (object);

  g_bytes_unref (self->message);

  G_OBJECT_CLASS (tc_periodic_parent_class)->finalize (object);
}

static void
tc_periodic_class_init (TcPeriodicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_periodic_dispose;
  object_class->finalize = tc_periodic_finalize;
}

static void
tc_periodic_init (TcPeriodic *self)
{
}

/**
 * tc_periodic_new:
 * @message: sent as any message of the session, framed by it
 * @every_ms: the period, 1 ms and up
 * @count: how many times, 0 until stopped
 */
TcPeriodic *
tc_periodic_new (GBytes  *message,
                 guint    every_ms,
                 guint64  count)
{
  TcPeriodic *self;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (every_ms >= 1, NULL);

  self = g_object_new (TC_TYPE_PERIODIC, NULL);
  self->message = g_bytes_ref (message);
  self->every_us = (gint64) every_ms * 1000;
  self->count = count;

  return self;
}

void
tc_periodic_set_done_func (TcPeriodic         *self,
                           TcPeriodicDoneFunc  func,
                           gpointer            user_data)
{
  g_return_if_fail (TC_IS_PERIODIC (self));

  self->done_func = func;
  self->done_data = user_data;
}

static void
finish (TcPeriodic   *self,
        const GError *reason)
{
  clear_timer (self);
  g_clear_object (&self->target);

  if (self->done_func != NULL)
    self->done_func (self->sent, reason, self->done_data);
}

static gboolean
dispatch (GSource     *source,
          GSourceFunc  callback,
          gpointer     user_data)
{
  TcPeriodic *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint n = 0;

  while (self->count == 0 || self->sent < self->count)
    {
      gint64 due = self->start_us + (gint64) self->sent * self->every_us;
      g_autoptr(GError) error = NULL;

      if (due > now || n == MAX_CATCH_UP)
        {
          g_source_set_ready_time (source, MAX (due, now));
          return G_SOURCE_CONTINUE;
        }

      self->max_late_us = MAX (self->max_late_us, now - due);
      if (tc_session_send (self->session, self->target, self->message, &error) == 0)
        {
          finish (self, error);
          return G_SOURCE_REMOVE;
        }
      self->sent++;
      n++;
    }

  finish (self, NULL);
  return G_SOURCE_REMOVE;
}

static GSourceFuncs timer_funcs = { NULL, NULL, dispatch, NULL, NULL, NULL };

/**
 * tc_periodic_start:
 * @target: (nullable): the peer to send to; %NULL for every peer
 *
 * The first message goes out now.
 */
void
tc_periodic_start (TcPeriodic   *self,
                   TcConnection *target)
{
  g_return_if_fail (TC_IS_PERIODIC (self));
  g_return_if_fail (self->session != NULL);
  g_return_if_fail (self->timer == NULL);

  self->started = TRUE;
  g_set_object (&self->target, target);
  self->start_us = g_get_monotonic_time ();
  self->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_callback (self->timer, NULL, self, NULL);
  g_source_set_ready_time (self->timer, 0);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
}

/* Stops without a word: the caller knows. */
void
tc_periodic_stop (TcPeriodic *self)
{
  g_return_if_fail (TC_IS_PERIODIC (self));

  clear_timer (self);
  g_clear_object (&self->target);
}

gboolean
tc_periodic_get_running (TcPeriodic *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC (self), FALSE);

  return self->timer != NULL;
}

guint64
tc_periodic_get_sent (TcPeriodic *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC (self), 0);

  return self->sent;
}

/* The latest a message went out after its time. */
gint64
tc_periodic_get_max_late_us (TcPeriodic *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC (self), 0);

  return self->max_late_us;
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcPeriodic *self = user_data;

  if (event->kind == TC_EVENT_PEER_CONNECTED && !self->started)
    {
      /* A client sends to its server; a server to every client. */
      tc_periodic_start (self, tc_session_get_server (session) != NULL ? NULL : event->connection);
    }
  else if (event->kind == TC_EVENT_PEER_CLOSED && self->timer != NULL &&
           (self->target == event->connection ||
            (self->target == NULL && tc_session_get_n_peers (session) == 0)))
    {
      g_autoptr(GError) reason = NULL;

      reason = g_error_new_literal (TC_ERROR, TC_ERROR_NOT_CONNECTED,
                                    self->target != NULL ? _("the connection closed")
                                                         : _("no client is connected"));
      finish (self, reason);
    }
}

/**
 * tc_periodic_attach:
 * @session: (transfer none): starts when its first peer connects, stops
 *   when that peer (for a server: the last peer) goes; it must outlive the
 *   attachment
 */
void
tc_periodic_attach (TcPeriodic *self,
                    TcSession  *session)
{
  g_return_if_fail (TC_IS_PERIODIC (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = session;
  tc_session_add_event_func (session, session_event_cb, self);
}

static void
detach (TcPeriodic *self)
{
  if (self->session != NULL)
    {
      tc_session_remove_event_func (self->session, session_event_cb, self);
      self->session = NULL;
    }
}
