/* tc-headless.c: what both headless modes share: options, the main loop, quit signals,
 * stdout and the exit status
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "tc-fd-limit.h"
#include "tc-i18n.h"
#include "tc-line-framer.h"

/* The longest line either program keeps: beyond it is a typo, not a line. */
#define MAX_LINE_LIMIT (64 * 1024 * 1024)

struct _TcHeadless
{
  char             *program;
  GMainLoop        *loop;
  TcHeadlessOutput *output;
  TcQuitSignals    *quit_signals;
  TcLineReader     *stdin_reader;  /* from start to stop, when the program reads stdin */
  GPtrArray        *extra_entries; /* const GOptionEntry *, borrowed */
  gboolean          version;
  gboolean          headless;      /* accepted: main() chose this mode by it */
  gboolean          quit;
  int               status;
};

/* Whether the command line asks for the headless mode: --headless before
 * any "--". */
gboolean
tc_headless_requested (int    argc,
                       char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--headless") == 0)
      return TRUE;

  return FALSE;
}

/**
 * tc_program_main:
 * @window_run: (nullable): the window mode, %NULL in a build without one
 * @headless_run: the headless mode
 *
 * What main() does in both programs: translations, then the window unless
 * the command line asks for --headless.
 *
 * Returns: the exit status
 */
int
tc_program_main (int               argc,
                 char            **argv,
                 TcProgramRunFunc  window_run,
                 TcProgramRunFunc  headless_run)
{
  g_return_val_if_fail (headless_run != NULL, 1);

  tc_i18n_init ();

  if (window_run != NULL && !tc_headless_requested (argc, argv))
    return window_run (argc, argv);
  return headless_run (argc, argv);
}

/**
 * tc_headless_new:
 * @program: "tcpchat-server" or "tcpchat-client", before each message
 *
 * A headless run on the thread-default main context: parse its options,
 * start it, run it, finish it.
 *
 * Returns: (transfer full): the run
 */
TcHeadless *
tc_headless_new (const char *program)
{
  TcHeadless *self;

  g_return_val_if_fail (program != NULL, NULL);

  self = g_new0 (TcHeadless, 1);
  self->program = g_strdup (program);
  self->loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);

  return self;
}

void
tc_headless_free (TcHeadless *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->quit_signals, tc_quit_signals_free);
  g_clear_pointer (&self->stdin_reader, tc_line_reader_free);
  g_clear_pointer (&self->output, tc_headless_output_free);
  g_clear_pointer (&self->extra_entries, g_ptr_array_unref);
  g_main_loop_unref (self->loop);
  g_free (self->program);
  g_free (self);
}

/* An error on stderr, after the program's name, on one line. */
void
tc_headless_print_error (TcHeadless *self,
                         const char *format,
                         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_return_if_fail (self != NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", self->program, text);
}

/**
 * tc_headless_add_options:
 * @entries: options a shared part of both programs reads, kept until
 *   the run is freed
 *
 * Adds @entries after the program's own, for tc_headless_parse_options().
 */
void
tc_headless_add_options (TcHeadless         *self,
                         const GOptionEntry *entries)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (entries != NULL);

  if (self->extra_entries == NULL)
    self->extra_entries = g_ptr_array_new ();
  g_ptr_array_add (self->extra_entries, (gpointer) entries);
}

/**
 * tc_headless_parse_options:
 * @parameter_string: marked N_(), after "Usage: program [OPTION…]" in --help
 * @summary: marked N_(), under it
 * @headless_help: marked N_(), what --help says of --headless, the first option
 * @entries: the program's options; --version (-V) is added after them
 * @argv: the command line, left as it is
 *
 * Parses the command line; --help and --version are answered here, and an
 * unknown option or a stray argument is said on stderr.
 *
 * Returns: -1 to go on, or the status to exit with
 */
int
tc_headless_parse_options (TcHeadless          *self,
                           const char          *parameter_string,
                           const char          *summary,
                           const char          *headless_help,
                           const GOptionEntry  *entries,
                           char               **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  const GOptionEntry version_entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, &self->version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };
  const GOptionEntry headless_entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &self->headless, headless_help, NULL },
    { NULL }
  };

  g_return_val_if_fail (self != NULL, TC_HEADLESS_EXIT_USAGE);

  context = g_option_context_new (parameter_string);
  /* Marked N_(): the context translates its texts when it prints --help. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, headless_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  for (guint i = 0; self->extra_entries != NULL && i < self->extra_entries->len; i++)
    g_option_context_add_main_entries (context, g_ptr_array_index (self->extra_entries, i),
                                       GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, version_entries, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      tc_headless_print_error (self, _("%s (see --help)"), error->message);
      return TC_HEADLESS_EXIT_USAGE;
    }

  if (self->version)
    {
      g_print ("%s %s\n", self->program, PACKAGE_VERSION);
      return 0;
    }

  if (args[1] != NULL)
    {
      tc_headless_print_error (self, _("unexpected argument “%s” (see --help)"), args[1]);
      return TC_HEADLESS_EXIT_USAGE;
    }

  return -1;
}

/**
 * tc_headless_parse_address:
 * @option: the option's name, "--listen"
 * @text: (nullable): its value, %NULL when not given
 * @default_text: what to parse when it was not given
 * @parse: tc_listen_address_parse() or tc_connect_address_parse()
 *
 * Returns: whether the address is good; if not, stderr says why
 */
gboolean
tc_headless_parse_address (TcHeadless          *self,
                           const char          *option,
                           const char          *text,
                           const char          *default_text,
                           TcAddressParseFunc   parse,
                           char               **host,
                           guint16             *port)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!parse (text != NULL ? text : default_text, host, port, &error))
    {
      g_printerr ("%s: %s %s: %s\n", self->program, option,
                  text != NULL ? text : default_text, error->message);
      return FALSE;
    }

  return TRUE;
}

/* A whole number from @min to @max; stderr says so when it is not. */
gboolean
tc_headless_parse_count (TcHeadless *self,
                         const char *option,
                         const char *text,
                         guint64     min,
                         guint64     max,
                         guint64    *value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      tc_headless_print_error (self, _("%s %s: expected a whole number from %" PRIu64
                                       " to %" PRIu64), option, text, min, max);
      return FALSE;
    }

  return TRUE;
}

/**
 * tc_headless_parse_max_line:
 * @text: (nullable): the value of --max-line, %NULL when not given
 * @max_line: (out): the longest line to keep, the default when not given
 *
 * Returns: whether the value is good; if not, stderr says why
 */
gboolean
tc_headless_parse_max_line (TcHeadless *self,
                            const char *text,
                            guint64    *max_line)
{
  *max_line = TC_LINE_FRAMER_DEFAULT_MAX_LINE;
  if (text == NULL)
    return TRUE;

  return tc_headless_parse_count (self, "--max-line", text, 1, MAX_LINE_LIMIT, max_line);
}

static void
output_failed_cb (int      status,
                  gpointer user_data)
{
  TcHeadless *self = user_data;

  tc_headless_set_status (self, status);
  tc_headless_quit (self);
}

/**
 * tc_headless_start:
 * @on_signal: what SIGINT and SIGTERM do while the loop runs
 *
 * Raises the descriptor limit and takes stdout over; from here, a stdout
 * that fails sets the exit status that says so and ends the loop.
 *
 * Returns: (transfer none): stdout
 */
TcHeadlessOutput *
tc_headless_start (TcHeadless       *self,
                   TcQuitSignalFunc  on_signal,
                   gpointer          user_data)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->output == NULL, self->output);

  /* Each connection is a file descriptor: thousands need more than 1024. */
  tc_fd_limit_raise ();

  self->output = tc_headless_output_new (self->program, output_failed_cb, self);
  self->quit_signals = tc_quit_signals_watch (on_signal, user_data);

  return self->output;
}

/**
 * tc_headless_run:
 *
 * Runs the main loop until tc_headless_quit(), unless that was already
 * called; then quit signals and the reader of stdout are no longer
 * watched, and the program ends what it runs, still writing to stdout.
 *
 * Returns: the exit status so far
 */
int
tc_headless_run (TcHeadless *self)
{
  g_return_val_if_fail (self != NULL, 1);
  g_return_val_if_fail (self->output != NULL, 1);

  tc_headless_output_watch_reader (self->output, TRUE);
  if (!self->quit)
    g_main_loop_run (self->loop);

  g_clear_pointer (&self->quit_signals, tc_quit_signals_free);
  tc_headless_output_watch_reader (self->output, FALSE);

  return self->status;
}

/**
 * tc_headless_read_stdin:
 * @max_line: the longest line kept
 *
 * Reads stdin in lines for the program, once tc_headless_set_reading()
 * lets it; reading stops when the main loop ends, before the stop step.
 */
void
tc_headless_read_stdin (TcHeadless            *self,
                        gsize                  max_line,
                        TcFramerFunc           line_func,
                        TcLineReaderBatchFunc  batch_func,
                        TcLineReaderEndFunc    end_func,
                        gpointer               user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->stdin_reader == NULL);

  self->stdin_reader = tc_line_reader_new (STDIN_FILENO, max_line, line_func, batch_func,
                                           end_func, user_data);
}

/* Backpressure: the program reads stdin only as fast as its peers take it. */
void
tc_headless_set_reading (TcHeadless *self,
                         gboolean    reading)
{
  g_return_if_fail (self != NULL);

  if (self->stdin_reader != NULL)
    tc_line_reader_set_reading (self->stdin_reader, reading);
}

void
tc_headless_quit (TcHeadless *self)
{
  g_return_if_fail (self != NULL);

  self->quit = TRUE;
  g_main_loop_quit (self->loop);
}

void
tc_headless_set_status (TcHeadless *self,
                        int         status)
{
  g_return_if_fail (self != NULL);

  self->status = status;
}

/**
 * tc_headless_finish:
 *
 * Flushes stdout, which can still fail.
 *
 * Returns: the status to exit with
 */
int
tc_headless_finish (TcHeadless *self)
{
  g_return_val_if_fail (self != NULL, 1);

  if (self->output != NULL)
    tc_headless_output_flush (self->output);

  return self->status;
}

/**
 * tc_headless_main:
 * @steps: the program's steps
 * @data: the program's state, for each step
 * @argv: the command line
 *
 * Runs a headless mode from its command line to its exit status: parse,
 * start, the main loop until quit, stop, finish; clear in every case.
 *
 * Returns: the status to exit with
 */
int
tc_headless_main (TcHeadless            *self,
                  const TcHeadlessSteps *steps,
                  gpointer               data,
                  char                 **argv)
{
  int status;

  g_return_val_if_fail (self != NULL, 1);
  g_return_val_if_fail (steps != NULL, 1);

  status = steps->parse (data, argv);
  if (status < 0)
    status = steps->start (data);
  if (status < 0)
    {
      tc_headless_run (self);
      tc_headless_set_reading (self, FALSE);
      steps->stop (data);
      status = tc_headless_finish (self);
    }

  /* Its functions take the program's state, about to be cleared. */
  g_clear_pointer (&self->stdin_reader, tc_line_reader_free);
  steps->clear (data);
  return status;
}

/**
 * tc_headless_line_to_message:
 * @line: a line read from stdin
 *
 * The message to send for a line of stdin: its bytes, with the "\r" of a
 * CRLF line put back, so that with the framer's "\n" it goes out as it
 * came; a last line without a newline gets the framer's.
 *
 * Returns: (transfer full): the message, unframed, valid while @line is:
 *   to send at once
 */
GBytes *
tc_headless_line_to_message (const TcMessage *line)
{
  char *data;

  g_return_val_if_fail (line != NULL, NULL);

  /* Not copied: the message is framed, so copied, before the line goes. */
  if (!(line->flags & TC_MESSAGE_FLAG_CRLF))
    return g_bytes_new_static (line->data, line->len);

  data = g_malloc (line->len + 1);
  memcpy (data, line->data, line->len);
  data[line->len] = '\r';
  return g_bytes_new_take (data, line->len + 1);
}
