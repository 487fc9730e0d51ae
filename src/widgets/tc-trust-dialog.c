/* tc-trust-dialog.c: the one place that asks whether to trust a certificate
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-trust-dialog.h"

#include <glib/gi18n-lib.h>

#include "tc-dialog-task.h"
#include "tc-tls.h"

/* A GtkMessageDialog behind an async call, so that a move to
 * GtkAlertDialog (GTK 4.10) or AdwAlertDialog changes this file and
 * tc-dialog-task.c only. A dialog closed by its window manager button
 * rejects; a cancelled @cancellable closes it and finishes with
 * G_IO_ERROR_CANCELLED. */

static const char ask_source_tag[] = "tc_trust_dialog_ask";

static gboolean
answer (GtkWidget *dialog,
        int        response,
        gpointer   data,
        GValue    *value)
{
  g_value_init (value, G_TYPE_INT);
  switch (response)
    {
    case TC_TRUST_ACCEPT_ONCE:
    case TC_TRUST_ACCEPT_ALWAYS:
      g_value_set_int (value, response);
      break;
    case TC_TRUST_REJECT:
    default:
      g_value_set_int (value, TC_TRUST_REJECT);
      break;
    }
  return TRUE;
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup (_("unknown"));
  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S UTC");
}

/**
 * tc_trust_dialog_describe:
 *
 * Returns: what a person needs to decide on @certificate: its subject,
 *   issuer, validity and SHA-256 fingerprint, one a line
 */
char *
tc_trust_dialog_describe (GTlsCertificate *certificate)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  subject = g_tls_certificate_get_subject_name (certificate);
  issuer = g_tls_certificate_get_issuer_name (certificate);
  not_before = g_tls_certificate_get_not_valid_before (certificate);
  not_after = g_tls_certificate_get_not_valid_after (certificate);
  from = format_date (not_before);
  until = format_date (not_after);
  fingerprint = tc_tls_fingerprint (certificate);

  return g_strdup_printf (_("Subject: %s\nIssuer: %s\nValid from %s to %s\n"
                            "SHA-256 fingerprint:\n%s"),
                          subject != NULL ? subject : "?", issuer != NULL ? issuer : "?",
                          from, until, fingerprint);
}

/**
 * tc_trust_dialog_ask:
 * @target: "host:port", as the person typed it
 * @reason: why the certificate is not trusted
 *
 * Shows @certificate and asks: Reject, Accept Once, or Always Accept for
 * @target. The answer is the dialog's response id.
 */
void
tc_trust_dialog_ask (GtkWindow           *parent,
                     GTlsCertificate     *certificate,
                     const char          *target,
                     const char          *reason,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GtkWidget *dialog;
  GtkWidget *area;
  GtkWidget *details;
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (target != NULL);

  text = g_strdup_printf (_("The certificate of %s is not trusted"), target);
  secondary = g_strdup_printf (_("Reason: %s.\nAccept it only if you know this is the "
                                 "server's certificate, for example by comparing the "
                                 "fingerprint with the one the server shows."),
                               reason != NULL ? reason : _("unknown"));
  dialog = gtk_message_dialog_new (parent,
                                   GTK_DIALOG_MODAL,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE, "%s", text);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Untrusted Certificate"));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Reject"), TC_TRUST_REJECT,
                          _("Accept _Once"), TC_TRUST_ACCEPT_ONCE,
                          _("_Always Accept for This Host and Port"), TC_TRUST_ACCEPT_ALWAYS,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), TC_TRUST_REJECT);

  /* Selectable, so that the fingerprint can be copied and compared. */
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  g_free (text);
  text = tc_trust_dialog_describe (certificate);
  details = gtk_label_new (text);
  gtk_label_set_selectable (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (details), 0.0f);
  gtk_widget_add_css_class (details, "monospace");
  gtk_box_append (GTK_BOX (area), details);

  tc_dialog_task_run (dialog, NULL, ask_source_tag, answer, NULL, cancellable, callback,
                      user_data);
}

TcTrustAnswer
tc_trust_dialog_ask_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (!tc_dialog_task_propagate (result, ask_source_tag, &value, error))
    return TC_TRUST_REJECT;
  return (TcTrustAnswer) g_value_get_int (&value);
}
