/* tc-password-dialog.h: asks for the password of a PKCS#12 file
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   tc_password_dialog_ask         (GtkWindow           *parent,
                                       const char          *file_name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
char  *tc_password_dialog_ask_finish  (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
