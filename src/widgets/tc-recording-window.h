/* tc-recording-window.h: a recording shown read-only in the log view
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-log-model.h"

G_BEGIN_DECLS

#define TC_TYPE_RECORDING_WINDOW (tc_recording_window_get_type ())

G_DECLARE_FINAL_TYPE (TcRecordingWindow, tc_recording_window, TC, RECORDING_WINDOW, GtkWindow)

TcRecordingWindow *tc_recording_window_new           (GtkWindow          *parent,
                                                      const char         *path,
                                                      GError            **error);
TcLogModel        *tc_recording_window_get_log_model (TcRecordingWindow  *self);

G_END_DECLS
