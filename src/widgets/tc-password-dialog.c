/* tc-password-dialog.c: asks for the password of a PKCS#12 file
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-password-dialog.h"

#include "tc-dialog-task.h"

#include <glib/gi18n-lib.h>

/* Cancel, the window manager's close button and a cancelled @cancellable
 * all finish with G_IO_ERROR_CANCELLED; the password is never kept here. */

static const char ask_source_tag[] = "tc_password_dialog_ask";

static gboolean
answer (GtkWidget *dialog,
        int        response,
        gpointer   entry,
        GValue    *value)
{
  if (response != GTK_RESPONSE_ACCEPT)
    return FALSE;
  g_value_init (value, G_TYPE_STRING);
  g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (entry)));
  return TRUE;
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
  GtkWidget *dialog;
  GtkWidget *area;
  GtkWidget *label;
  GtkWidget *entry;
  g_autofree char *text = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (file_name != NULL);

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

  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (area), entry);

  tc_dialog_task_run (dialog, entry, ask_source_tag, answer, entry, cancellable, callback,
                      user_data);
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
  g_auto(GValue) value = G_VALUE_INIT;

  if (!tc_dialog_task_propagate (result, ask_source_tag, &value, error))
    return NULL;
  return g_value_dup_string (&value);
}
