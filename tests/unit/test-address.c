/* test-address.c: "host:port" parsing and printing, and local addresses
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-address.h"
#include "tc-error.h"

static void
check_ok (const char *text,
          guint16     default_port,
          const char *host,
          guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got_host = NULL;
  guint16 got_port = 1;

  g_test_message ("parsing “%s”", text);
  g_assert_true (tc_address_parse (text, default_port, &got_host, &got_port, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got_host, ==, host);
  g_assert_cmpuint (got_port, ==, port);
}

static void
check_fails (const char *text,
             int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_test_message ("parsing “%s”", text);
  g_assert_false (tc_address_parse (text, 10000, &host, &port, &error));
  g_assert_error (error, TC_ERROR, code);
  g_assert_null (host);
  /* Messages are one line a person can act on. */
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_host_port (void)
{
  check_ok ("127.0.0.1:10000", 1, "127.0.0.1", 10000);
  check_ok ("localhost:80", 1, "localhost", 80);
  check_ok ("example.org:65535", 1, "example.org", 65535);
  check_ok ("0.0.0.0:0", 1, "0.0.0.0", 0);
  check_ok ("  10.0.0.1:22  ", 1, "10.0.0.1", 22);
}

static void
test_default_port (void)
{
  check_ok ("127.0.0.1", 10000, "127.0.0.1", 10000);
  check_ok ("localhost", 4242, "localhost", 4242);
}

static void
test_ipv6 (void)
{
  check_ok ("[::1]:10000", 1, "::1", 10000);
  check_ok ("[::]:0", 1, "::", 0);
  check_ok ("[fe80::1]:22", 1, "fe80::1", 22);
  check_ok ("[::1]", 5, "::1", 5);
  /* Without brackets a v6 literal cannot carry a port: all of it is the host. */
  check_ok ("::1", 7, "::1", 7);
  check_ok ("2001:db8::1", 7, "2001:db8::1", 7);
  check_fails ("[::1", TC_ERROR_INVALID_ADDRESS);
  check_fails ("[::1]x", TC_ERROR_INVALID_ADDRESS);
  check_fails ("[not-v6]:80", TC_ERROR_INVALID_ADDRESS);
  check_fails ("[127.0.0.1]:80", TC_ERROR_INVALID_ADDRESS);
  check_fails ("fe80::zz:80", TC_ERROR_INVALID_ADDRESS);
}

static void
test_bad_ports (void)
{
  check_fails ("host:65536", TC_ERROR_INVALID_PORT);
  check_fails ("host:70000", TC_ERROR_INVALID_PORT);
  check_fails ("host:99999999999999999999", TC_ERROR_INVALID_PORT);
  check_fails ("host:abc", TC_ERROR_INVALID_PORT);
  check_fails ("host:-1", TC_ERROR_INVALID_PORT);
  check_fails ("host:", TC_ERROR_INVALID_PORT);
  check_fails ("host:1x", TC_ERROR_INVALID_PORT);
  check_fails ("[::1]:65536", TC_ERROR_INVALID_PORT);
}

static void
test_bad_hosts (void)
{
  check_fails ("", TC_ERROR_INVALID_ADDRESS);
  check_fails ("   ", TC_ERROR_INVALID_ADDRESS);
  check_fails (":80", TC_ERROR_INVALID_ADDRESS);
  check_fails ("ho st:80", TC_ERROR_INVALID_ADDRESS);
  check_fails ("nonsense!:80", TC_ERROR_INVALID_ADDRESS);
  check_fails ("a/b:80", TC_ERROR_INVALID_ADDRESS);
}

static void
test_port_parse (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = 0;

  g_assert_true (tc_port_parse ("1", FALSE, &port, &error));
  g_assert_cmpuint (port, ==, 1);
  g_assert_true (tc_port_parse ("65535", FALSE, &port, &error));
  g_assert_cmpuint (port, ==, 65535);
  g_assert_true (tc_port_parse ("0", TRUE, &port, &error));
  g_assert_cmpuint (port, ==, 0);
  g_assert_no_error (error);

  g_assert_false (tc_port_parse ("0", FALSE, &port, &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_PORT);
  g_clear_error (&error);

  {
    const char *bad[] = { "", " ", "65536", "70000", "abc", "-5", "12a", "1.5", "0x10" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_test_message ("port “%s”", bad[i]);
        g_assert_false (tc_port_parse (bad[i], TRUE, &port, &error));
        g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_PORT);
        g_clear_error (&error);
      }
  }
}

static void
test_host_validate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (300, 'a');

  g_assert_true (tc_host_validate ("localhost", NULL));
  g_assert_true (tc_host_validate ("::1", NULL));
  g_assert_true (tc_host_validate ("my-host.example.org", NULL));
  g_assert_false (tc_host_validate ("", &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);
  g_assert_false (tc_host_validate ("has space", &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);
  g_assert_false (tc_host_validate (long_name, &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS);
}

static void
test_format (void)
{
  g_autofree char *v4 = tc_address_format ("127.0.0.1", 10000);
  g_autofree char *v6 = tc_address_format ("::1", 80);
  g_autofree char *name = tc_address_format ("example.org", 1);
  g_autoptr(GInetAddress) loopback6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) sa6 = g_inet_socket_address_new (loopback6, 443);
  g_autoptr(GSocketAddress) sa4 = g_inet_socket_address_new_from_string ("192.0.2.7", 5555);
  g_autoptr(GSocketAddress) mapped = g_inet_socket_address_new_from_string ("::ffff:192.0.2.7", 5555);
  g_autofree char *f6 = tc_socket_address_format (sa6);
  g_autofree char *f4 = tc_socket_address_format (sa4);
  g_autofree char *fm = tc_socket_address_format (mapped);

  g_assert_cmpstr (v4, ==, "127.0.0.1:10000");
  g_assert_cmpstr (v6, ==, "[::1]:80");
  g_assert_cmpstr (name, ==, "example.org:1");
  g_assert_cmpstr (f6, ==, "[::1]:443");
  g_assert_cmpstr (f4, ==, "192.0.2.7:5555");
  /* A v4 peer of a dual-stack listener is shown as people know it. */
  g_assert_cmpstr (fm, ==, "192.0.2.7:5555");
}

static void
test_round_trip (void)
{
  const struct { const char *host; guint16 port; } cases[] = {
    { "127.0.0.1", 1 }, { "::1", 10000 }, { "2001:db8::5", 65535 }, { "localhost", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tc_address_format (cases[i].host, cases[i].port);
      check_ok (text, 9, cases[i].host, cases[i].port);
    }
}

static void
test_local (void)
{
  g_auto(GStrv) local = tc_address_list_local ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GInetAddress) doc = g_inet_address_new_from_string ("192.0.2.200");

  g_assert_nonnull (local);
  /* The loopback interface is up on any machine that runs these tests. */
  g_assert_true (g_strv_contains ((const char * const *) local, "127.0.0.1"));
  for (guint i = 0; local[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) a = g_inet_address_new_from_string (local[i]);
      g_assert_nonnull (a);
      g_assert_true (tc_address_is_local (a));
      for (guint j = i + 1; local[j] != NULL; j++)
        g_assert_cmpstr (local[i], !=, local[j]);
    }

  g_assert_true (tc_address_is_local (loopback));
  g_assert_true (tc_address_is_local (any));
  g_assert_false (tc_address_is_local (doc));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address/host-port", test_host_port);
  g_test_add_func ("/address/default-port", test_default_port);
  g_test_add_func ("/address/ipv6", test_ipv6);
  g_test_add_func ("/address/bad-ports", test_bad_ports);
  g_test_add_func ("/address/bad-hosts", test_bad_hosts);
  g_test_add_func ("/address/port-parse", test_port_parse);
  g_test_add_func ("/address/host-validate", test_host_validate);
  g_test_add_func ("/address/format", test_format);
  g_test_add_func ("/address/round-trip", test_round_trip);
  g_test_add_func ("/address/local", test_local);

  return g_test_run ();
}
