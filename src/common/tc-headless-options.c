/* tc-headless-options.c: the options both headless modes share, and what they start
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless-options.h"

/* Adds the TLS and bytes options to @run's; the program's own array takes
 * TC_HEADLESS_OPTIONS_ENTRIES and its --max-line into max_line_text. */
void
tc_headless_options_init (TcHeadlessOptions *self,
                          TcHeadless        *run,
                          gboolean           server)
{
  tc_tls_options_init (&self->tls, server);
  self->bytes = tc_headless_bytes_new (server);
  tc_headless_add_options (run, self->tls.entries);
  tc_headless_add_options (run, tc_headless_bytes_get_entries (self->bytes));
}

/* Reads the values given; a bad one is said in one line on stderr. */
gboolean
tc_headless_options_check (TcHeadlessOptions *self,
                           TcHeadless        *run)
{
  return tc_headless_parse_max_line (run, self->max_line_text, &self->max_line) &&
         tc_headless_bytes_check (self->bytes, run) &&
         tc_headless_automation_check (&self->automation, run) &&
         tc_headless_monitor_check (&self->monitor, run);
}

/* The TLS settings the options ask for; an error is said on stderr.
 * @listen_host: the server's listen host, for a self-signed certificate; %NULL in the client */
gboolean
tc_headless_options_make_tls (TcHeadlessOptions  *self,
                              TcHeadless         *run,
                              const char         *listen_host,
                              TcTlsConfig       **config,
                              char              **self_signed_path)
{
  g_autoptr(GError) error = NULL;

  if (tc_tls_options_make_config (&self->tls, listen_host, config, self_signed_path, &error))
    return TRUE;

  tc_headless_print_error (run, "%s", error->message);
  return FALSE;
}

/* Stdin in lines of up to --max-line, unless an automation option takes
 * its place (then it is left alone for the whole run). */
void
tc_headless_options_read_stdin (TcHeadlessOptions     *self,
                                TcHeadless            *run,
                                TcFramerFunc           line_func,
                                TcLineReaderBatchFunc  batch_func,
                                TcLineReaderEndFunc    end_func,
                                gpointer               user_data)
{
  if (!tc_headless_automation_owns_input (&self->automation))
    tc_headless_read_stdin (run, (gsize) self->max_line, line_func, batch_func, end_func,
                            user_data);
}

/* The session's line ending, then the automation and the monitor on it. */
void
tc_headless_options_start (TcHeadlessOptions *self,
                           TcSession         *session,
                           TcHeadlessSayFunc  say,
                           TcHeadlessSayFunc  say_stats,
                           gpointer           say_data)
{
  tc_headless_bytes_apply (self->bytes, session);
  tc_headless_automation_start (&self->automation, session, say, say_data);
  tc_headless_monitor_start (&self->monitor, session, self->bytes, say_stats, say_data);
}

/* Stops what is still running (a program stops each part where its order
 * matters) and frees the options. */
void
tc_headless_options_clear (TcHeadlessOptions *self)
{
  tc_headless_automation_stop (&self->automation);
  tc_headless_monitor_stop (&self->monitor);
  g_clear_pointer (&self->bytes, tc_headless_bytes_free);
  tc_tls_options_clear (&self->tls);
  g_clear_pointer (&self->max_line_text, g_free);
}
