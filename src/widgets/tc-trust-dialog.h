/* tc-trust-dialog.h: the one place that asks whether to trust a certificate
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The answers, also the dialog's response ids. */
typedef enum
{
  TC_TRUST_REJECT = 1,
  TC_TRUST_ACCEPT_ONCE,
  TC_TRUST_ACCEPT_ALWAYS,
} TcTrustAnswer;

void           tc_trust_dialog_ask         (GtkWindow           *parent,
                                            GTlsCertificate     *certificate,
                                            const char          *target,
                                            const char          *reason,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
TcTrustAnswer  tc_trust_dialog_ask_finish  (GAsyncResult        *result,
                                            GError             **error);
char          *tc_trust_dialog_describe    (GTlsCertificate     *certificate);

G_END_DECLS
