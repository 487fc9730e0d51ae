/* tc-client-window-hosts.c: the client window's hosts: the recent ones,
 * kept and offered in a menu, and the checks before connecting to one
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tc-address.h"

static const char * const local_hosts[] = { "127.0.0.1", "::1", "localhost" };

static void
append_recent_host (TcClientWindow *self,
                    const char     *host)
{
  g_autoptr(GMenuItem) item = NULL;

  /* Labels are not mnemonics: no "_" inside a host name may vanish. */
  item = g_menu_item_new (NULL, NULL);
  g_menu_item_set_attribute (item, G_MENU_ATTRIBUTE_LABEL, "s", host);
  g_menu_item_set_action_and_target (item, "win.use-host", "s", host);
  g_menu_append_item (self->recent_hosts, item);
}

/* The menu shows the recent-hosts key, which every window shares. */
void
_tc_client_window_load_recent_hosts (TcClientWindow *self)
{
  g_auto(GStrv) hosts = g_settings_get_strv (self->settings, "recent-hosts");

  g_menu_remove_all (self->recent_hosts);
  for (guint i = 0; hosts[i] != NULL && i < TC_CLIENT_WINDOW_MAX_RECENT_HOSTS; i++)
    if (hosts[i][0] != '\0')
      append_recent_host (self, hosts[i]);
}

static void
save_recent_hosts (TcClientWindow *self)
{
  GMenuModel *recent = G_MENU_MODEL (self->recent_hosts);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) hosts = NULL;
  int n = g_menu_model_get_n_items (recent);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (recent, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_strv_builder_add (builder, label);
    }
  hosts = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-hosts", (const char * const *) hosts);
}

static void
remember_host (TcClientWindow *self,
               const char     *host)
{
  GMenuModel *recent = G_MENU_MODEL (self->recent_hosts);
  g_autoptr(GMenuItem) item = NULL;
  int n;

  for (guint i = 0; i < G_N_ELEMENTS (local_hosts); i++)
    if (g_strcmp0 (host, local_hosts[i]) == 0)
      return;

  n = g_menu_model_get_n_items (recent);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (recent, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_strcmp0 (label, host) == 0)
        {
          g_menu_remove (self->recent_hosts, i);
          break;
        }
    }

  /* Labels are not mnemonics: no "_" inside a host name may vanish. */
  item = g_menu_item_new (NULL, NULL);
  g_menu_item_set_attribute (item, G_MENU_ATTRIBUTE_LABEL, "s", host);
  g_menu_item_set_action_and_target (item, "win.use-host", "s", host);
  g_menu_prepend_item (self->recent_hosts, item);

  while (g_menu_model_get_n_items (recent) > TC_CLIENT_WINDOW_MAX_RECENT_HOSTS)
    g_menu_remove (self->recent_hosts, g_menu_model_get_n_items (recent) - 1);

  if (self->settings != NULL)
    save_recent_hosts (self);
}

void
_tc_client_window_build_hosts_menu (TcClientWindow *self)
{
  g_autoptr(GMenu) local = g_menu_new ();

  self->hosts_menu = g_menu_new ();
  self->recent_hosts = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (local_hosts); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (NULL, NULL);

      g_menu_item_set_attribute (item, G_MENU_ATTRIBUTE_LABEL, "s", local_hosts[i]);
      g_menu_item_set_action_and_target (item, "win.use-host", "s", local_hosts[i]);
      g_menu_append_item (local, item);
    }

  g_menu_append_section (self->hosts_menu, _("Recent"), G_MENU_MODEL (self->recent_hosts));
  g_menu_append_section (self->hosts_menu, _("This computer"), G_MENU_MODEL (local));
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->hosts_menu));
}

/* Returns: (transfer none): a GMenuModel of the hosts connected to in
 * this window, newest first */
GMenuModel *
tc_client_window_get_recent_hosts (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return G_MENU_MODEL (self->recent_hosts);
}

/* The host asked for joins the recent ones when the connection is made;
 * an attempt that ends before that leaves them as they were. */
void
_tc_client_window_hosts_follow (TcClientWindow *self,
                                TcSocketState   state)
{
  if (state == TC_SOCKET_STATE_CONNECTED && self->recent_pending != NULL)
    remember_host (self, self->recent_pending);
  if (state == TC_SOCKET_STATE_CONNECTED || state == TC_SOCKET_STATE_UNCONNECTED)
    g_clear_pointer (&self->recent_pending, g_free);
}

/* @remember keeps host and port for the next window, and the host among
 * the recent ones once connected. */
static void
connect_to (TcClientWindow *self,
            const char     *host,
            guint16         port,
            gboolean        remember)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed_host = NULL;
  guint16 parsed_port = port;

  if (tc_client_get_state (self->client) != TC_SOCKET_STATE_UNCONNECTED)
    return;

  /* "example.org:8080" typed into the host entry means what it says; when
   * that is how it was written, say what is wrong with it as such (a port
   * of 0 or 99999, "[::1" unclosed), not that hosts have no ":". */
  if (!tc_host_validate (host, &error))
    {
      g_autoptr(GError) parse_error = NULL;

      if (!tc_address_parse (host, port, &parsed_host, &parsed_port, &parse_error))
        {
          const char *why = strpbrk (host, ":[]") != NULL ? parse_error->message
                                                          : error->message;

          _tc_client_window_report_error (self, why);
          gtk_widget_add_css_class (GTK_WIDGET (self->host_entry), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
          return;
        }
      host = parsed_host;
      port = parsed_port;
    }

  if (port == 0)
    {
      const char *why = _("Port 0 cannot be connected to: give a port from 1 to 65535");

      _tc_client_window_report_error (self, why);
      gtk_widget_grab_focus (GTK_WIDGET (self->port_button));
      return;
    }

  tc_client_window_set_host (self, host);
  tc_client_window_set_port (self, port);
  /* Among the recent hosts once it connects: a typo that does not
   * resolve, or a host that refuses, is not offered again. */
  g_free (self->recent_pending);
  self->recent_pending = remember ? g_strdup (host) : NULL;
  if (remember && self->settings != NULL)
    {
      g_settings_set_string (self->settings, "host", host);
      g_settings_set (self->settings, "port", "q", port);
    }
  if (!_tc_client_window_apply_tls (self, host, port))
    return;
  tc_client_connect (self->client, host, port);
}

/**
 * tc_client_window_connect_to:
 * @host: a host name, IPv4 or IPv6 literal; "host:port" is understood too
 * @port: the port, when @host names none
 *
 * Puts @host and @port into the window and connects, as Connect does.
 * A bad host is reported in the log and the status bar. While a reconnect
 * countdown runs, this connects at once.
 */
void
tc_client_window_connect_to (TcClientWindow *self,
                             const char     *host,
                             guint16         port)
{
  g_return_if_fail (TC_IS_CLIENT_WINDOW (self));
  g_return_if_fail (host != NULL);

  connect_to (self, host, port, TRUE);
}

/* The same as --connect asks: for this run only, the host and port kept
 * in the settings and the recent hosts stay as they were. */
void
tc_client_window_connect_for_run (TcClientWindow *self,
                                  const char     *host,
                                  guint16         port)
{
  g_return_if_fail (TC_IS_CLIENT_WINDOW (self));
  g_return_if_fail (host != NULL);

  connect_to (self, host, port, FALSE);
}
