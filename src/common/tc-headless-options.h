/* tc-headless-options.h: the options both headless modes share, and what they start
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-headless.h"
#include "tc-headless-automation.h"
#include "tc-headless-bytes.h"
#include "tc-headless-monitor.h"
#include "tc-session.h"
#include "tc-tls-options.h"

G_BEGIN_DECLS

/* TLS, framing and bytes, automation, --stats and --log-file, --max-line:
 * offered, checked and started the same way by the server and the client. */
typedef struct
{
  TcTlsOptions          tls;
  TcHeadlessBytes      *bytes;
  TcHeadlessAutomation  automation;
  TcHeadlessMonitor     monitor;
  char                 *max_line_text;
  guint64               max_line;
} TcHeadlessOptions;

/* The entries a program adds to its own GOptionEntry array. */
#define TC_HEADLESS_OPTIONS_ENTRIES(o) \
  TC_HEADLESS_AUTOMATION_ENTRIES (&(o)->automation), \
  TC_HEADLESS_MONITOR_ENTRIES (&(o)->monitor)

void     tc_headless_options_init  (TcHeadlessOptions *self,
                                    TcHeadless        *run,
                                    gboolean           server);
gboolean tc_headless_options_check (TcHeadlessOptions *self,
                                    TcHeadless        *run);
gboolean tc_headless_options_make_tls (TcHeadlessOptions  *self,
                                       TcHeadless         *run,
                                       const char         *listen_host,
                                       TcTlsConfig       **config,
                                       char              **self_signed_path);
void     tc_headless_options_read_stdin (TcHeadlessOptions     *self,
                                         TcHeadless            *run,
                                         TcFramerFunc           line_func,
                                         TcLineReaderBatchFunc  batch_func,
                                         TcLineReaderEndFunc    end_func,
                                         gpointer               user_data);
void     tc_headless_options_start (TcHeadlessOptions *self,
                                    TcSession         *session,
                                    TcHeadlessSayFunc  say,
                                    TcHeadlessSayFunc  say_stats,
                                    gpointer           say_data);
void     tc_headless_options_clear (TcHeadlessOptions *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TcHeadlessOptions, tc_headless_options_clear)

G_END_DECLS
