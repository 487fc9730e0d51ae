/* tc-file-dialog.h: the one place that asks for a file to save to or open
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One set of exclusive options shown in the dialog (a "Format" choice). */
typedef struct
{
  const char        *id;
  const char        *label;
  const char * const *options;   /* NULL-terminated ids */
  const char * const *labels;    /* one a option */
  const char        *selected;
} TcFileDialogChoice;

/* GtkFileChooserNative behind GtkFileDialog's shape (GTK 4.10), so that
 * moving to it later changes this file only. A dialog that is dismissed
 * finishes with G_IO_ERROR_CANCELLED; so does a cancelled @cancellable,
 * which also closes the dialog.
 */
void   tc_file_dialog_save        (GtkWindow                *parent,
                                   const char               *title,
                                   const char               *initial_name,
                                   GListModel               *filters,
                                   const TcFileDialogChoice *choice,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
GFile *tc_file_dialog_save_finish (GAsyncResult             *result,
                                   char                    **choice,
                                   GError                  **error);
void   tc_file_dialog_open        (GtkWindow                *parent,
                                   const char               *title,
                                   GListModel               *filters,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
GFile *tc_file_dialog_open_finish (GAsyncResult             *result,
                                   GError                  **error);

G_END_DECLS
