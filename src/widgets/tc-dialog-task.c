/* tc-dialog-task.c: a modal dialog behind an async call, answered once
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-dialog-task.h"

#include <glib/gi18n-lib.h>

/* GtkDialog stays for GTK 4.8; a move to GtkAlertDialog or AdwDialog
 * changes the dialogs' own files and this one. */

typedef struct
{
  GtkWidget          *dialog;
  TcDialogTaskAnswer  answer;
  gpointer            answer_data;
  gulong              cancelled_id;
  gboolean            done;
} DialogData;

static void
close_dialog (DialogData *data,
              GTask      *task)
{
  GtkWidget *dialog = g_steal_pointer (&data->dialog);

  if (dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (dialog, task);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
dialog_data_free (gpointer data)
{
  DialogData *dialog_data = data;

  /* Destroyed, a dialog emits no response. */
  if (dialog_data->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog_data->dialog));
  g_free (dialog_data);
}

/* Answers once: the dialog goes first, then @value or no answer. */
static void
finish (GTask    *task,
        int       response,
        gboolean  from_cancel)
{
  DialogData *data = g_task_get_task_data (task);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean answered;

  if (data->done)
    return;
  data->done = TRUE;

  /* From inside the cancelled handler, disconnecting would deadlock. */
  if (!from_cancel && data->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;

  answered = !from_cancel && data->answer (data->dialog, response, data->answer_data, &value);
  close_dialog (data, task);

  if (answered)
    g_task_return_value (task, &value);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not answered"));
  g_object_unref (task);
}

static void
response_cb (GtkDialog *dialog,
             int        response,
             GTask     *task)
{
  finish (task, response, FALSE);
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  finish (task, GTK_RESPONSE_NONE, TRUE);
}

/**
 * tc_dialog_task_run:
 * @dialog: (transfer full): a #GtkDialog, not shown yet
 * @focus: (nullable): the widget in @dialog that takes the focus
 * @answer_data: given to @answer; it lives as long as @dialog
 *
 * Shows @dialog and finishes with its answer, for
 * tc_dialog_task_propagate().
 */
void
tc_dialog_task_run (GtkWidget           *dialog,
                    GtkWidget           *focus,
                    gconstpointer        source_tag,
                    TcDialogTaskAnswer   answer,
                    gpointer             answer_data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  DialogData *data;

  g_return_if_fail (GTK_IS_DIALOG (dialog));
  g_return_if_fail (answer != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) source_tag);
  data = g_new0 (DialogData, 1);
  data->dialog = dialog;
  data->answer = answer;
  data->answer_data = answer_data;
  g_task_set_task_data (task, data, dialog_data_free);

  /* The task holds itself until it answers. */
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  if (cancellable != NULL)
    {
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                  g_object_ref (task), g_object_unref);
      if (data->done)
        return;  /* it was cancelled already */
    }

  gtk_window_present (GTK_WINDOW (dialog));
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

/**
 * tc_dialog_task_propagate:
 * @value: (out caller-allocates): the answer
 *
 * Returns: TRUE with @value set, or FALSE with @error set
 */
gboolean
tc_dialog_task_propagate (GAsyncResult  *result,
                          gconstpointer  source_tag,
                          GValue        *value,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_value (G_TASK (result), value, error);
}
