/* tc-server-window-pane.c: the width of the server window's client list
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#define DEFAULT_LIST_WIDTH 250

/* The list keeps the width the person gave it. GtkPaned gives the list's
 * width up when the window gets narrow (the log has a minimum) and, as the
 * list does not resize, never takes it back: after small then large, the
 * list stayed narrow, its counters cut off. Here a move of the handle is
 * the person's choice, kept in "clients-width", unless it is the paned
 * holding the list at the most it can have; and when the window has room
 * again the list gets its width back.
 */

static GtkPaned *
get_paned (TcServerWindow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (self->clients_pane);

  return GTK_IS_PANED (parent) ? GTK_PANED (parent) : NULL;
}

/* As much of the chosen width as the window has room for. */
static void
give_width_back (TcServerWindow *self)
{
  GtkPaned *paned = get_paned (self);
  int max_position, wanted;

  if (paned == NULL || !gtk_widget_get_mapped (GTK_WIDGET (paned)))
    return;
  g_object_get (paned, "max-position", &max_position, NULL);
  wanted = MIN (self->clients_width, max_position);
  if (wanted <= 0 || gtk_paned_get_position (paned) == wanted)
    return;

  self->placing_clients = TRUE;
  gtk_paned_set_position (paned, wanted);
  self->placing_clients = FALSE;
}

static void
position_cb (TcServerWindow *self)
{
  GtkPaned *paned = get_paned (self);
  int position, max_position;

  if (self->placing_clients || paned == NULL || !gtk_widget_get_mapped (GTK_WIDGET (paned)))
    return;

  position = gtk_paned_get_position (paned);
  g_object_get (paned, "max-position", &max_position, NULL);
  /* Held at the most the list can have, narrower than chosen: the window
   * is too narrow, that is no choice. */
  if (position < self->clients_width && position >= max_position)
    return;
  if (position == self->clients_width)
    return;

  self->clients_width = position;
  if (self->settings != NULL)
    g_settings_set_int (self->settings, "clients-width", position);
}

/**
 * _tc_server_window_pane_init:
 *
 * Call once the settings are bound (self->settings may be NULL).
 */
void
_tc_server_window_pane_init (TcServerWindow *self)
{
  GtkPaned *paned = get_paned (self);

  self->clients_width = DEFAULT_LIST_WIDTH;
  if (self->settings != NULL)
    self->clients_width = g_settings_get_int (self->settings, "clients-width");
  if (paned == NULL)
    return;

  gtk_paned_set_position (paned, self->clients_width);
  g_signal_connect_swapped (paned, "notify::position", G_CALLBACK (position_cb), self);
  /* max-position follows the paned's width: the window grew or shrank. */
  g_signal_connect_swapped (paned, "notify::max-position", G_CALLBACK (give_width_back), self);
  g_signal_connect_swapped (paned, "map", G_CALLBACK (give_width_back), self);
}

void
_tc_server_window_pane_dispose (TcServerWindow *self)
{
  GtkPaned *paned = self->clients_pane != NULL ? get_paned (self) : NULL;

  if (paned != NULL)
    g_signal_handlers_disconnect_by_data (paned, self);
}
