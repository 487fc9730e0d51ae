/* tc-headless.h: what both headless modes share: options, the main loop, quit signals,
 * stdout and the exit status
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-address.h"
#include "tc-headless-output.h"
#include "tc-line-reader.h"
#include "tc-message.h"
#include "tc-quit-signals.h"

G_BEGIN_DECLS

/* Bad arguments: one line on stderr says which. */
#define TC_HEADLESS_EXIT_USAGE 2

typedef struct _TcHeadless TcHeadless;

/* A program's window mode or headless mode: returns the exit status. */
typedef int (*TcProgramRunFunc) (int    argc,
                                 char **argv);

/* The steps of a headless mode, each given the program's state. */
typedef struct
{
  int  (*parse) (gpointer data, char **argv); /* -1 to go on, or the exit status */
  int  (*start) (gpointer data);              /* -1 to run, or the exit status */
  void (*stop)  (gpointer data);              /* after the main loop */
  void (*clear) (gpointer data);              /* always, last */
} TcHeadlessSteps;

int               tc_program_main            (int                  argc,
                                              char               **argv,
                                              TcProgramRunFunc     window_run,
                                              TcProgramRunFunc     headless_run);
gboolean          tc_headless_requested      (int                  argc,
                                              char               **argv);

TcHeadless       *tc_headless_new            (const char          *program);
void              tc_headless_free           (TcHeadless          *self);

void              tc_headless_add_options    (TcHeadless          *self,
                                              const GOptionEntry  *entries);
int               tc_headless_parse_options  (TcHeadless          *self,
                                              const char          *parameter_string,
                                              const char          *summary,
                                              const char          *headless_help,
                                              const GOptionEntry  *entries,
                                              char               **argv);
gboolean          tc_headless_parse_address  (TcHeadless          *self,
                                              const char          *option,
                                              const char          *text,
                                              const char          *default_text,
                                              TcAddressParseFunc   parse,
                                              char               **host,
                                              guint16             *port);
gboolean          tc_headless_parse_count    (TcHeadless          *self,
                                              const char          *option,
                                              const char          *text,
                                              guint64              min,
                                              guint64              max,
                                              guint64             *value);
gboolean          tc_headless_parse_max_line (TcHeadless          *self,
                                              const char          *text,
                                              guint64             *max_line);
void              tc_headless_print_error    (TcHeadless          *self,
                                              const char          *format,
                                              ...) G_GNUC_PRINTF (2, 3);

TcHeadlessOutput *tc_headless_start          (TcHeadless          *self,
                                              TcQuitSignalFunc     on_signal,
                                              gpointer             user_data);
void              tc_headless_read_stdin     (TcHeadless          *self,
                                              gsize                max_line,
                                              TcFramerFunc         line_func,
                                              TcLineReaderBatchFunc batch_func,
                                              TcLineReaderEndFunc  end_func,
                                              gpointer             user_data);
void              tc_headless_set_reading    (TcHeadless          *self,
                                              gboolean             reading);
int               tc_headless_run            (TcHeadless          *self);
void              tc_headless_quit           (TcHeadless          *self);
void              tc_headless_set_status     (TcHeadless          *self,
                                              int                  status);
int               tc_headless_finish         (TcHeadless          *self);
int               tc_headless_main           (TcHeadless          *self,
                                              const TcHeadlessSteps *steps,
                                              gpointer             data,
                                              char               **argv);

GBytes           *tc_headless_line_to_message (const TcMessage       *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcHeadless, tc_headless_free)

G_END_DECLS
