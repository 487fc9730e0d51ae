/* tc-password-dialog.c: asks for the password of a PKCS#12 file
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-password-dialog.h"

#include <glib/gi18n-lib.h>

/* A GtkDialog behind an async call, as the trust dialog is. Cancel, the
 * window manager's close button and a cancelled @cancellable all finish
 * with G_IO_ERROR_CANCELLED; the password is never kept here. */

static const char ask_source_tag[] = "tc_password_dialog_ask";

typedef struct
{
  GtkWidget *dialog;
  GtkWidget *entry;
  gulong     cancelled_id;
  gboolean   done;
} AskData;

static void
ask_data_free (gpointer data)
{
  AskData *ask = data;

  if (ask->dialog != NULL)
    {
      g_signal_handlers_disconnect_matched (ask->dialog, G_SIGNAL_MATCH_DATA,
                                            0, 0, NULL, NULL, NULL);
      gtk_window_destroy (GTK_WINDOW (ask->dialog));
    }
  g_free (ask);
}

static void
finish (GTask    *task,
        gboolean  accepted,
        gboolean  from_cancel)
{
  AskData *ask = g_task_get_task_data (task);
  GtkWidget *dialog = g_steal_pointer (&ask->dialog);
  g_autofree char *password = NULL;

  if (ask->done)
    return;
  ask->done = TRUE;

  /* From inside the cancelled handler, disconnecting would deadlock. */
  if (!from_cancel && ask->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), ask->cancelled_id);
  ask->cancelled_id = 0;

  if (accepted)
    password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->entry)));

  if (dialog != NULL)
    {
      g_signal_handlers_disconnect_matched (dialog, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, task);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  if (password != NULL)
    g_task_return_pointer (task, g_steal_pointer (&password), g_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not answered"));
  g_object_unref (task);
}

static void
response_cb (GtkDialog *dialog,
             int        response,
             GTask     *task)
{
  finish (task, response == GTK_RESPONSE_ACCEPT, FALSE);
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  finish (task, FALSE, TRUE);
}

/**
 * tc_password_dialog_ask:
 * @file_name: the file the password opens, as shown
 *
 * Asks for the password of @file_name; Enter in the entry accepts.
 */
void
tc_password_dialog_ask (GtkWindow           *parent,
                        const char          *file_name,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  AskData *ask;
  GtkWidget *dialog;
  GtkWidget *area;
  GtkWidget *label;
  g_autofree char *text = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (file_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) ask_source_tag);
  ask = g_new0 (AskData, 1);
  g_task_set_task_data (task, ask, ask_data_free);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_dialog_new_with_buttons (_("Certificate Password"), parent, GTK_DIALOG_MODAL,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Open"), GTK_RESPONSE_ACCEPT,
                                        NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  area = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_box_set_spacing (GTK_BOX (area), 6);
  gtk_widget_set_margin_start (area, 12);
  gtk_widget_set_margin_end (area, 12);
  gtk_widget_set_margin_top (area, 12);
  gtk_widget_set_margin_bottom (area, 12);

  text = g_strdup_printf (_("The password of %s (PKCS#12):"), file_name);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (area), label);

  ask->entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (ask->entry), TRUE);
  g_object_set (ask->entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (ask->entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (area), ask->entry);

  ask->dialog = dialog;
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  if (cancellable != NULL)
    ask->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                               g_object_ref (task), g_object_unref);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ask->entry);
}

/**
 * tc_password_dialog_ask_finish:
 *
 * Returns: (transfer full) (nullable): the password typed, or %NULL with
 *   G_IO_ERROR_CANCELLED when the dialog was closed without one
 */
char *
tc_password_dialog_ask_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
