/* tc-periodic.h: one message sent again and again on a session, on a schedule that does not drift
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-session.h"

G_BEGIN_DECLS

#define TC_PERIODIC_MAX_EVERY_MS (24 * 3600 * 1000)

/**
 * TcPeriodicDoneFunc:
 * @sent: how many times the message went out
 * @reason: (nullable): why it stopped early; %NULL when the count was reached
 */
typedef void (*TcPeriodicDoneFunc) (guint64       sent,
                                    const GError *reason,
                                    gpointer      user_data);

#define TC_TYPE_PERIODIC (tc_periodic_get_type ())

G_DECLARE_FINAL_TYPE (TcPeriodic, tc_periodic, TC, PERIODIC, GObject)

TcPeriodic *tc_periodic_new           (GBytes             *message,
                                       guint               every_ms,
                                       guint64             count);
void        tc_periodic_set_done_func (TcPeriodic         *self,
                                       TcPeriodicDoneFunc  func,
                                       gpointer            user_data);
void        tc_periodic_attach        (TcPeriodic         *self,
                                       TcSession          *session);
void        tc_periodic_start         (TcPeriodic         *self,
                                       TcConnection       *target);
void        tc_periodic_stop          (TcPeriodic         *self);
gboolean    tc_periodic_get_running   (TcPeriodic         *self);
guint64     tc_periodic_get_sent      (TcPeriodic         *self);
gint64      tc_periodic_get_max_late_us (TcPeriodic       *self);

G_END_DECLS
