/* tc-server-window-listen.c: the server window's listen controls: the
 * address and its choices, the port, and their state while listening
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include "tc-address.h"

/* The listen controls are locked while listening; the keyboard stays in
 * the window, on to the clients list until the send box can take it. */
void
_tc_server_window_listen_state (TcServerWindow *self)
{
  gboolean listening = tc_server_is_listening (self->server);

  self->focus_send_box = listening;
  if (listening)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      if (focus != NULL &&
          (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_entry)) ||
           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_button)) ||
           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->port_spin))))
        gtk_widget_grab_focus (GTK_WIDGET (self->clients_view));
      tc_widget_drop_focus_within (GTK_WIDGET (self->address_entry));
      tc_widget_drop_focus_within (GTK_WIDGET (self->address_button));
      tc_widget_drop_focus_within (GTK_WIDGET (self->port_spin));
    }
  /* Port 0 again for the next start, as typed and as kept. */
  if (!listening && self->port_chosen)
    {
      self->port_chosen = FALSE;
      tc_port_field_set (self->port_spin, 0);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), !listening);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_button), !listening);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_spin), !listening);
}

/* The loopback and wildcard addresses, then those of this machine's
 * interfaces, each once: a menu that puts the one chosen into the entry,
 * where it can still be edited (a drop-down list offers only its items). */
static void
fill_addresses (TcServerWindow *self)
{
  static const char *fixed[] = { "127.0.0.1", "::1", "0.0.0.0", "::" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) local = tc_address_list_local ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_ptr_array_add (addresses, (gpointer) fixed[i]);
      g_hash_table_add (seen, (gpointer) fixed[i]);
    }
  for (guint i = 0; local != NULL && local[i] != NULL; i++)
    {
      if (g_hash_table_contains (seen, local[i]))
        continue;
      g_ptr_array_add (addresses, local[i]);
      g_hash_table_add (seen, local[i]);
    }

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (NULL, NULL);

      /* Labels are not mnemonics: no "_" may vanish. */
      g_menu_item_set_attribute (item, G_MENU_ATTRIBUTE_LABEL, "s", address);
      g_menu_item_set_action_and_target (item, "win.use-address", "s", address);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->address_button, G_MENU_MODEL (menu));
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), fixed[0]);
}

static void
address_activate_cb (GtkEntry       *entry,
                     TcServerWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "start", NULL);
}

static void
port_activate_cb (GtkText        *text,
                  TcServerWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "start", NULL);
}

/* Enter in either field starts listening. */
void
_tc_server_window_listen_init (TcServerWindow *self)
{
  fill_addresses (self);
  g_signal_connect_swapped (self->server, "notify::state",
                            G_CALLBACK (_tc_server_window_listen_state), self);
  g_signal_connect (self->address_entry, "activate", G_CALLBACK (address_activate_cb), self);
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin)), "activate",
                    G_CALLBACK (port_activate_cb), self);
}

/* Puts host and port into the listen controls (as a person would type). */
void
tc_server_window_set_listen_address (TcServerWindow *self,
                                     const char     *host,
                                     guint16         port)
{
  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  if (host != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->address_entry), host);
  tc_port_field_set (self->port_spin, port);
}
