/* tc-undo-offer.c: "Cleared. Undo" in the status bar, for a few seconds
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-undo-offer.h"

#include <glib/gi18n-lib.h>

/* What was done, and a button that undoes it (an action of the window).
 * The offer goes when its time is up: then "expired" lets the owner drop
 * what it kept for the undo. Clear asks nothing, so this is how a person
 * takes a clear back.
 */
struct _TcUndoOffer
{
  GtkWidget  parent_instance;

  /* children */
  GtkLabel  *label;
  GtkButton *button;

  /* plain state */
  guint      timeout_source;
};

G_DEFINE_FINAL_TYPE (TcUndoOffer, tc_undo_offer, GTK_TYPE_WIDGET)

enum {
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
timeout_cb (gpointer user_data)
{
  TcUndoOffer *self = user_data;

  self->timeout_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[EXPIRED], 0);

  return G_SOURCE_REMOVE;
}

static void
tc_undo_offer_dispose (GObject *object)
{
  TcUndoOffer *self = TC_UNDO_OFFER (object);

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  self->label = NULL;
  self->button = NULL;

  G_OBJECT_CLASS (tc_undo_offer_parent_class)->dispose (object);
}

static void
tc_undo_offer_class_init (TcUndoOfferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_undo_offer_dispose;

  /**
   * TcUndoOffer::expired:
   *
   * The time to undo is up; the offer is hidden.
   */
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tc-undo-offer");
}

static void
tc_undo_offer_init (TcUndoOffer *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
  self->button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Undo")));
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* @action_name: what the Undo button activates, as "win.undo-clear" */
GtkWidget *
tc_undo_offer_new (const char *action_name)
{
  TcUndoOffer *self = g_object_new (TC_TYPE_UNDO_OFFER, NULL);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  return GTK_WIDGET (self);
}

/* Shows @text and Undo for @seconds; a new offer replaces the last. */
void
tc_undo_offer_show (TcUndoOffer *self,
                    const char  *text,
                    guint        seconds)
{
  g_autofree char *tooltip = NULL;

  g_return_if_fail (TC_IS_UNDO_OFFER (self));

  gtk_label_set_text (self->label, text);
  /* TRANSLATORS: %u is a number of seconds */
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Undo is possible for %u second",
                                          "Undo is possible for %u seconds", seconds),
                             seconds);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  self->timeout_source = g_timeout_add_seconds (seconds, timeout_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timeout_source),
                            "[tcpchat] undo offer");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/* Hides the offer at once (it was taken, or no longer holds). */
void
tc_undo_offer_withdraw (TcUndoOffer *self)
{
  g_return_if_fail (TC_IS_UNDO_OFFER (self));

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
tc_undo_offer_is_shown (TcUndoOffer *self)
{
  g_return_val_if_fail (TC_IS_UNDO_OFFER (self), FALSE);
  return self->timeout_source != 0;
}

GtkButton *
tc_undo_offer_get_button (TcUndoOffer *self)
{
  g_return_val_if_fail (TC_IS_UNDO_OFFER (self), NULL);
  return self->button;
}
