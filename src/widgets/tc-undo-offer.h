/* tc-undo-offer.h: "Cleared. Undo" in the status bar, for a few seconds
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TC_UNDO_OFFER_SECONDS 10

#define TC_TYPE_UNDO_OFFER (tc_undo_offer_get_type ())

G_DECLARE_FINAL_TYPE (TcUndoOffer, tc_undo_offer, TC, UNDO_OFFER, GtkWidget)

GtkWidget  *tc_undo_offer_new        (const char  *action_name);
void        tc_undo_offer_show       (TcUndoOffer *self,
                                      const char  *text,
                                      guint        seconds);
void        tc_undo_offer_withdraw   (TcUndoOffer *self);
gboolean    tc_undo_offer_is_shown   (TcUndoOffer *self);
GtkButton  *tc_undo_offer_get_button (TcUndoOffer *self);

G_END_DECLS
