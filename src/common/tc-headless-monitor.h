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
#include "tc-log-file.h"
#include "tc-session.h"
#include "tc-tcp-options.h"

G_BEGIN_DECLS

/* The longest --stats period, in seconds: a day. */
#define TC_HEADLESS_MONITOR_MAX_STATS 86400

typedef struct
{
  /* The options, as parsed. */
  char              *stats_text;
  char              *log_file_path;
  char              *log_format_text;
  char              *log_max_size_text;
  char              *log_keep_text;
  gboolean           no_nodelay;
  char              *keepalive_text;

  /* What they made. */
  TcHeadless        *run;
  TcSession         *session;
  TcHeadlessBytes   *bytes;
  TcHeadlessSayFunc  say;
  gpointer           say_data;
  guint64            stats_s;
  guint              stats_id;
  TcLogFile         *log;
  TcTcpOptions       tcp;
} TcHeadlessMonitor;

/* The options' entries, inside a GOptionEntry array. */
#define TC_HEADLESS_MONITOR_ENTRIES(m) \
  { "stats", 0, 0, G_OPTION_ARG_STRING, &(m)->stats_text, \
    N_("Every SECONDS, print one line of TCP health per connection"), N_("SECONDS") }, \
  { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &(m)->log_file_path, \
    N_("Append every event to FILE as it happens, with ISO 8601 date and time"), \
    N_("FILE") }, \
  { "log-format", 0, 0, G_OPTION_ARG_STRING, &(m)->log_format_text, \
    N_("Write the log file as text (the default) or jsonl, one JSON object an event"), \
    N_("FORMAT") }, \
  { "log-max-size", 0, 0, G_OPTION_ARG_STRING, &(m)->log_max_size_text, \
    N_("Start a new log file before it grows past SIZE bytes (K, M, G allowed; 0: never)"), \
    N_("SIZE") }, \
  { "log-keep", 0, 0, G_OPTION_ARG_STRING, &(m)->log_keep_text, \
    N_("Keep N earlier log files, FILE.1 to FILE.N (default 5)"), N_("N") }, \
  { "no-nodelay", 0, 0, G_OPTION_ARG_NONE, &(m)->no_nodelay, \
    N_("Turn TCP_NODELAY off: let the system join small segments (Nagle)"), NULL }, \
  { "keepalive", 0, 0, G_OPTION_ARG_STRING, &(m)->keepalive_text, \
    N_("Probe idle connections: IDLE,INTERVAL,COUNT in seconds and probes (e.g. 60,10,5)"), \
    N_("IDLE,INTERVAL,COUNT") }

gboolean tc_headless_monitor_check  (TcHeadlessMonitor *self,
                                     TcHeadless        *run);
void     tc_headless_monitor_start  (TcHeadlessMonitor *self,
                                     TcSession         *session,
                                     TcHeadlessBytes   *bytes,
                                     TcHeadlessSayFunc  say_stats,
                                     gpointer           say_data);
void     tc_headless_monitor_stop   (TcHeadlessMonitor *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TcHeadlessMonitor, tc_headless_monitor_stop)

G_END_DECLS
