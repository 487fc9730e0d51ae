/* tc-dialog-task.h: a modal dialog behind an async call, answered once
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Reads the answer off @dialog, still open, for @response: sets @value
 * and returns TRUE, or returns FALSE for no answer. */
typedef gboolean (*TcDialogTaskAnswer) (GtkWidget *dialog,
                                        int        response,
                                        gpointer   data,
                                        GValue    *value);

/* The dialog's first response answers through @answer; a cancelled
 * @cancellable, or a response @answer turns down, finishes with
 * G_IO_ERROR_CANCELLED. Either way the dialog goes, before @callback. */
void     tc_dialog_task_run       (GtkWidget           *dialog,
                                   GtkWidget           *focus,
                                   gconstpointer        source_tag,
                                   TcDialogTaskAnswer   answer,
                                   gpointer             answer_data,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean tc_dialog_task_propagate (GAsyncResult        *result,
                                   gconstpointer        source_tag,
                                   GValue              *value,
                                   GError             **error);

G_END_DECLS
