/* tc-headless-monitor.h: --stats and --log-file for both headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "tc-headless.h"
#include "tc-headless-automation.h"
#include "tc-headless-bytes.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* The longest --stats period, in seconds: a day. */
#define TC_HEADLESS_MONITOR_MAX_STATS 86400

typedef struct
{
  /* The options, as parsed. */
  char              *stats_text;
  char              *log_file_path;

  /* What they made. */
  TcHeadless        *run;
  TcSession         *session;
  TcHeadlessBytes   *bytes;
  TcHeadlessSayFunc  say;
  gpointer           say_data;
  guint64            stats_s;
  guint              stats_id;
  FILE              *log;
  gboolean           log_failed;
} TcHeadlessMonitor;

/* The options' entries, inside a GOptionEntry array. */
#define TC_HEADLESS_MONITOR_ENTRIES(m) \
  { "stats", 0, 0, G_OPTION_ARG_STRING, &(m)->stats_text, \
    N_("Every SECONDS, print one line of TCP health per connection"), N_("SECONDS") }, \
  { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &(m)->log_file_path, \
    N_("Append every event to FILE as it happens, with ISO 8601 date and time"), \
    N_("FILE") }

gboolean tc_headless_monitor_check  (TcHeadlessMonitor *self,
                                     TcHeadless        *run);
void     tc_headless_monitor_start  (TcHeadlessMonitor *self,
                                     TcSession         *session,
                                     TcHeadlessBytes   *bytes,
                                     TcHeadlessSayFunc  say_stats,
                                     gpointer           say_data);
void     tc_headless_monitor_stop   (TcHeadlessMonitor *self);

char    *tc_headless_monitor_format_time (gint64 time_us);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TcHeadlessMonitor, tc_headless_monitor_stop)

G_END_DECLS
