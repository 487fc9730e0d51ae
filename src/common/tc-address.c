/* tc-address.c: parsing and printing "host:port", and this machine's addresses
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-address.h"
#include "tc-error.h"

#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOST_NAME 253

/**
 * tc_port_parse:
 * @text: a port number as typed
 * @allow_zero: whether 0 ("any free port") is accepted
 *
 * Returns: %TRUE and the port, or %FALSE with a %TC_ERROR_INVALID_PORT
 *   error that says what is wrong
 */
gboolean
tc_port_parse (const char  *text,
               gboolean     allow_zero,
               guint16     *port,
               GError     **error)
{
  g_autofree char *stripped = NULL;
  guint64 value = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_PORT, _("The port is empty: give a number from %d to 65535"),
                   allow_zero ? 0 : 1);
      return FALSE;
    }

  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error (error, TC_ERROR, TC_ERROR_INVALID_PORT,
                       _("Port \"%s\" is not a number: give a number from %d to 65535"),
                       stripped, allow_zero ? 0 : 1);
          return FALSE;
        }
      value = value * 10 + (guint64) (*p - '0');
      if (value > 65535)
        break;
    }

  if (value > 65535 || (value == 0 && !allow_zero))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_PORT,
                   _("Port %s is out of range: give a number from %d to 65535"),
                   stripped, allow_zero ? 0 : 1);
      return FALSE;
    }

  if (port != NULL)
    *port = (guint16) value;

  return TRUE;
}

static gboolean
is_ipv6_literal (const char *text)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  return address != NULL && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
}

/**
 * tc_host_validate:
 * @host: an IP literal or a host name
 *
 * Checks the form only; whether a name resolves is for the resolver.
 */
gboolean
tc_host_validate (const char  *host,
                  GError     **error)
{
  gsize len;

  g_return_val_if_fail (host != NULL, FALSE);

  len = strlen (host);

  if (len == 0)
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                           _("The host is empty: give a host name or an IP address"));
      return FALSE;
    }

  if (g_hostname_is_ip_address (host))
    return TRUE;

  if (!g_utf8_validate (host, -1, NULL))
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                           _("The host name is not valid UTF-8 text"));
      return FALSE;
    }

  if (len > MAX_HOST_NAME)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The host name is %zu byte long: at most %d are allowed",
                                "The host name is %zu bytes long: at most %d are allowed", len),
                   len, MAX_HOST_NAME);
      return FALSE;
    }

  for (const char *p = host; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                       _("Host \"%s\" contains a space"), host);
          return FALSE;
        }
      /* Non-ASCII is fine: GIO turns internationalised names into ASCII. */
      if ((guchar) *p < 0x80 && !g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        {
          g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                       _("Host \"%s\" contains \"%c\", which no host name or IP address has"),
                       host, *p);
          return FALSE;
        }
    }

  return TRUE;
}

/* "[v6]" or "[v6]:port": the host and where the port starts (NULL for
 * none). */
static gboolean
split_bracketed (const char  *stripped,
                 char       **host_part,
                 const char **port_part,
                 GError     **error)
{
  const char *close = strchr (stripped, ']');

  if (close == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                   _("\"%s\" opens \"[\" but never closes it: write [IPv6]:PORT, for example [::1]:10000"),
                   stripped);
      return FALSE;
    }

  *host_part = g_strndup (stripped + 1, close - stripped - 1);

  if (!is_ipv6_literal (*host_part))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                   _("\"%s\" is not an IPv6 address"), *host_part);
      return FALSE;
    }

  if (close[1] == ':')
    *port_part = close + 2;
  else if (close[1] != '\0')
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                   _("Unexpected \"%s\" after \"]\": write [IPv6]:PORT"), close + 1);
      return FALSE;
    }

  return TRUE;
}

/* "host", "host:port" or a bare IPv6 literal, which cannot carry a port
 * unbracketed. */
static gboolean
split_unbracketed (const char  *stripped,
                   char       **host_part,
                   const char **port_part,
                   GError     **error)
{
  const char *colon = strchr (stripped, ':');

  if (colon != NULL && strchr (colon + 1, ':') != NULL)
    {
      if (!is_ipv6_literal (stripped))
        {
          const char *last = strrchr (stripped, ':');
          g_autofree char *before = g_strndup (stripped, last - stripped);

          if (is_ipv6_literal (before))
            g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                         _("Put an IPv6 address in brackets to add a port: [%s]:%s"),
                         before, last + 1);
          else
            g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                         _("\"%s\" is not a valid address: give HOST:PORT or [IPv6]:PORT"),
                         stripped);
          return FALSE;
        }

      *host_part = g_strdup (stripped);
    }
  else if (colon != NULL)
    {
      *host_part = g_strndup (stripped, colon - stripped);
      *port_part = colon + 1;
    }
  else
    {
      *host_part = g_strdup (stripped);
    }

  return TRUE;
}

/* Hands a parsed address to the caller's optional out arguments. */
static gboolean
give_address (char     **parsed_host,
              guint16    parsed_port,
              char     **host,
              guint16   *port)
{
  if (host != NULL)
    *host = g_steal_pointer (parsed_host);
  if (port != NULL)
    *port = parsed_port;

  return TRUE;
}

/**
 * tc_address_parse:
 * @text: "host", "host:port", "[v6]:port", "[v6]" or a bare IPv6 literal
 * @default_port: the port when @text names none
 * @host: (out): the host, without brackets
 * @port: (out): the port
 *
 * Port 0 is accepted (it means "any free port" to a server).
 */
gboolean
tc_address_parse (const char  *text,
                  guint16      default_port,
                  char       **host,
                  guint16     *port,
                  GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *host_part = NULL;
  const char *port_part = NULL;
  guint16 value = default_port;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                           _("The address is empty: give HOST:PORT, for example 127.0.0.1:10000"));
      return FALSE;
    }

  if (stripped[0] == '[' ? !split_bracketed (stripped, &host_part, &port_part, error)
                         : !split_unbracketed (stripped, &host_part, &port_part, error))
    return FALSE;

  if (!tc_host_validate (host_part, error))
    return FALSE;

  if (port_part != NULL && !tc_port_parse (port_part, TRUE, &value, error))
    return FALSE;

  return give_address (&host_part, value, host, port);
}

/* The checks an address gets before anything opens, to listen on it or
 * to connect to it: the window and the headless mode share them.
 */
static gboolean
parse_for (const char  *text,
           gboolean     listening,
           char       **host,
           guint16     *port,
           GError     **error)
{
  g_autofree char *parsed_host = NULL;
  guint16 parsed_port = TC_DEFAULT_PORT;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (listening && text[0] != '\0' && strspn (text, "0123456789") == strlen (text))
    {
      if (!tc_port_parse (text, TRUE, &parsed_port, error))
        return FALSE;
      parsed_host = g_strdup ("127.0.0.1");
    }
  else if (!tc_address_parse (text, TC_DEFAULT_PORT, &parsed_host, &parsed_port, error))
    {
      return FALSE;
    }
  else if (listening && g_ascii_strcasecmp (parsed_host, "localhost") != 0 &&
           !g_hostname_is_ip_address (parsed_host))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                   _("\"%s\" is not an IP address: listen on 127.0.0.1, ::1, 0.0.0.0, :: "
                     "or an address of this machine"), parsed_host);
      return FALSE;
    }
  else if (!listening && parsed_port == 0)
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_INVALID_PORT,
                           _("Port 0 cannot be connected to: give a port from 1 to 65535"));
      return FALSE;
    }

  return give_address (&parsed_host, parsed_port, host, port);
}

/**
 * tc_listen_address_parse:
 * @text: what --listen was given: "ADDR:PORT", "[v6]:PORT", "ADDR", or a
 *   bare port number (on 127.0.0.1, as with "nc -l PORT")
 * @host: (out): the address to listen on
 * @port: (out): the port, 0 for any free one
 *
 * The one check of a listen address, for the window and the headless mode
 * alike: a port out of range or a host that is not an IP address is an
 * error here, before anything opens.
 */
gboolean
tc_listen_address_parse (const char  *text,
                         char       **host,
                         guint16     *port,
                         GError     **error)
{
  return parse_for (text, TRUE, host, port, error);
}

/**
 * tc_connect_address_parse:
 * @text: what --connect was given: "HOST:PORT", "[v6]:PORT" or "HOST"
 * @host: (out): the host
 * @port: (out): the port, never 0
 *
 * The one check of a connect address, for the window and the headless mode
 * alike.
 */
gboolean
tc_connect_address_parse (const char  *text,
                          char       **host,
                          guint16     *port,
                          GError     **error)
{
  return parse_for (text, FALSE, host, port, error);
}

/* "127.0.0.1:10000", "[::1]:10000", "example.org:80" */
char *
tc_address_format (const char *host,
                   guint16     port)
{
  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host, port);
}

/* An IPv4 peer of a dual-stack listener arrives as ::ffff:a.b.c.d; people
 * know it as a.b.c.d.
 */
static char *
inet_address_to_plain_string (GInetAddress *address)
{
  static const guint8 v4_mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 &&
      memcmp (bytes, v4_mapped_prefix, sizeof v4_mapped_prefix) == 0)
    return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);

  return g_inet_address_to_string (address);
}

char *
tc_socket_address_format (GSocketAddress *address)
{
  g_autofree char *ip = NULL;
  GInetSocketAddress *inet;

  g_return_val_if_fail (address == NULL || G_IS_SOCKET_ADDRESS (address), NULL);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("?");

  inet = G_INET_SOCKET_ADDRESS (address);
  ip = inet_address_to_plain_string (g_inet_socket_address_get_address (inet));

  return tc_address_format (ip, g_inet_socket_address_get_port (inet));
}

/**
 * tc_address_list_local:
 *
 * The IPv4 and IPv6 addresses of this machine's interfaces that are up,
 * each once, in interface order. Link-local IPv6 addresses are left out:
 * binding one needs an interface scope the user would have to type.
 *
 * Returns: (transfer full): a %NULL-terminated list of IP literals
 */
GStrv
tc_address_list_local (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    return g_strv_builder_end (builder);

  for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      g_autoptr(GSocketAddress) address = NULL;
      GInetAddress *inet;
      char *ip;
      gsize size;

      if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP))
        continue;

      if (ifa->ifa_addr->sa_family == AF_INET)
        size = sizeof (struct sockaddr_in);
      else if (ifa->ifa_addr->sa_family == AF_INET6)
        size = sizeof (struct sockaddr_in6);
      else
        continue;

      address = g_socket_address_new_from_native (ifa->ifa_addr, size);
      if (address == NULL)
        continue;

      inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
      if (g_inet_address_get_is_link_local (inet))
        continue;

      ip = g_inet_address_to_string (inet);
      if (g_hash_table_contains (seen, ip))
        {
          g_free (ip);
          continue;
        }

      g_strv_builder_add (builder, ip);
      g_hash_table_add (seen, ip);
    }

  freeifaddrs (list);

  return g_strv_builder_end (builder);
}

/* Whether a listener can bind address on this machine. */
gboolean
tc_address_is_local (GInetAddress *address)
{
  g_auto(GStrv) local = NULL;
  g_autofree char *ip = NULL;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  if (g_inet_address_get_is_any (address) || g_inet_address_get_is_loopback (address))
    return TRUE;

  ip = g_inet_address_to_string (address);
  local = tc_address_list_local ();

  return g_strv_contains ((const char * const *) local, ip);
}
