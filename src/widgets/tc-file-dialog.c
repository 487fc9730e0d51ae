/* tc-file-dialog.c: the one place that asks for a file to save to or open
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-file-dialog.h"

#include <glib/gi18n-lib.h>

static const char save_source_tag[] = "tc_file_dialog_save";
static const char open_source_tag[] = "tc_file_dialog_open";

typedef struct
{
  GtkFileChooserNative *dialog;
  char                 *choice_id;
  gulong                cancelled_id;
  gboolean              done;
} SaveData;

typedef struct
{
  GFile *file;
  char  *choice;
} SaveResult;

static void
save_result_free (gpointer data)
{
  SaveResult *result = data;

  g_clear_object (&result->file);
  g_free (result->choice);
  g_free (result);
}

static void
close_dialog (SaveData *save)
{
  if (save->dialog == NULL)
    return;
  g_signal_handlers_disconnect_matched (save->dialog, G_SIGNAL_MATCH_ID,
                                        g_signal_lookup ("response", GTK_TYPE_NATIVE_DIALOG),
                                        0, NULL, NULL, NULL);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (save->dialog));
  g_clear_object (&save->dialog);
}

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  close_dialog (save);
  g_free (save->choice_id);
  g_free (save);
}

/* Answers once, with the file chosen or NULL, and lets the dialog go. */
static void
finish (GTask    *task,
        gboolean  accepted,
        gboolean  from_cancel)
{
  SaveData *save = g_task_get_task_data (task);
  SaveResult *result;

  if (save->done)
    return;
  save->done = TRUE;

  /* Disconnecting from inside the cancelled handler would deadlock: that
   * connection goes with the cancellable instead (it holds a reference). */
  if (!from_cancel && save->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), save->cancelled_id);
  save->cancelled_id = 0;

  if (!accepted)
    {
      close_dialog (save);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("No file was chosen"));
      g_object_unref (task);
      return;
    }

  result = g_new0 (SaveResult, 1);
  result->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (save->dialog));
  if (save->choice_id != NULL)
    result->choice = g_strdup (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (save->dialog),
                                                            save->choice_id));
  close_dialog (save);
  g_task_return_pointer (task, result, save_result_free);
  g_object_unref (task);
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             GTask           *task)
{
  finish (task, response == GTK_RESPONSE_ACCEPT, FALSE);
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  finish (task, FALSE, TRUE);
}

static void
show_dialog (GtkWindow                *parent,
             GtkFileChooserAction      action,
             const char               *source_tag,
             const char               *title,
             const char               *initial_name,
             GListModel               *filters,
             const TcFileDialogChoice *choice,
             GCancellable             *cancellable,
             GAsyncReadyCallback       callback,
             gpointer                  user_data)
{
  GTask *task;
  SaveData *save;
  GtkFileChooser *chooser;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (filters == NULL || G_IS_LIST_MODEL (filters));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) source_tag);
  g_task_set_name (task, source_tag);

  save = g_new0 (SaveData, 1);
  save->dialog = gtk_file_chooser_native_new (title, parent, action,
                                              action == GTK_FILE_CHOOSER_ACTION_SAVE
                                              ? _("_Save") : _("_Open"),
                                              _("_Cancel"));
  g_task_set_task_data (task, save, save_data_free);
  chooser = GTK_FILE_CHOOSER (save->dialog);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (save->dialog), TRUE);
  if (initial_name != NULL)
    gtk_file_chooser_set_current_name (chooser, initial_name);
  for (guint i = 0; filters != NULL && i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

      gtk_file_chooser_add_filter (chooser, filter);
    }
  if (choice != NULL)
    {
      save->choice_id = g_strdup (choice->id);
      gtk_file_chooser_add_choice (chooser, choice->id, choice->label,
                                   (const char **) choice->options,
                                   (const char **) choice->labels);
      if (choice->selected != NULL)
        gtk_file_chooser_set_choice (chooser, choice->id, choice->selected);
    }

  /* The task holds itself until it answers. */
  g_signal_connect (save->dialog, "response", G_CALLBACK (response_cb), task);
  if (cancellable != NULL)
    {
      save->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                  g_object_ref (task), g_object_unref);
      if (save->done)
        return;  /* it was cancelled already */
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (save->dialog));
}

/**
 * tc_file_dialog_save:
 * @parent: (nullable): the window the dialog belongs to
 * @filters: (nullable): a list model of #GtkFileFilter
 * @choice: (nullable): options to choose from, given back by
 *   tc_file_dialog_save_finish()
 *
 * Asks for a file to save to, modal to @parent.
 */
void
tc_file_dialog_save (GtkWindow                *parent,
                     const char               *title,
                     const char               *initial_name,
                     GListModel               *filters,
                     const TcFileDialogChoice *choice,
                     GCancellable             *cancellable,
                     GAsyncReadyCallback       callback,
                     gpointer                  user_data)
{
  show_dialog (parent, GTK_FILE_CHOOSER_ACTION_SAVE, save_source_tag, title, initial_name,
               filters, choice, cancellable, callback, user_data);
}

/**
 * tc_file_dialog_open:
 * @parent: (nullable): the window the dialog belongs to
 * @filters: (nullable): a list model of #GtkFileFilter
 *
 * Asks for a file to open, modal to @parent; finished with
 * tc_file_dialog_open_finish().
 */
void
tc_file_dialog_open (GtkWindow           *parent,
                     const char          *title,
                     GListModel          *filters,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  show_dialog (parent, GTK_FILE_CHOOSER_ACTION_OPEN, open_source_tag, title, NULL,
               filters, NULL, cancellable, callback, user_data);
}

static GFile *
propagate (GAsyncResult  *result,
           const char    *source_tag,
           char         **choice,
           GError       **error)
{
  SaveResult *answer;
  GFile *file;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;

  file = g_steal_pointer (&answer->file);
  if (choice != NULL)
    *choice = g_steal_pointer (&answer->choice);
  save_result_free (answer);

  return file;
}

/**
 * tc_file_dialog_save_finish:
 * @choice: (out) (optional): the option chosen, if a choice was offered
 *
 * Returns: (transfer full): the file, or %NULL with @error set
 */
GFile *
tc_file_dialog_save_finish (GAsyncResult  *result,
                            char         **choice,
                            GError       **error)
{
  return propagate (result, save_source_tag, choice, error);
}

/**
 * tc_file_dialog_open_finish:
 *
 * Returns: (transfer full): the file, or %NULL with @error set
 */
GFile *
tc_file_dialog_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  return propagate (result, open_source_tag, NULL, error);
}
