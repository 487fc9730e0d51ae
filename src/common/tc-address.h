/* tc-address.h: parsing and printing "host:port", and this machine's addresses
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TC_DEFAULT_PORT 10000

/* tc_listen_address_parse(), tc_connect_address_parse() */
typedef gboolean (*TcAddressParseFunc) (const char  *text,
                                        char       **host,
                                        guint16     *port,
                                        GError     **error);

gboolean   tc_port_parse              (const char      *text,
                                       gboolean         allow_zero,
                                       guint16         *port,
                                       GError         **error);
gboolean   tc_address_parse           (const char      *text,
                                       guint16          default_port,
                                       char           **host,
                                       guint16         *port,
                                       GError         **error);
gboolean   tc_listen_address_parse    (const char      *text,
                                       char           **host,
                                       guint16         *port,
                                       GError         **error);
gboolean   tc_connect_address_parse   (const char      *text,
                                       char           **host,
                                       guint16         *port,
                                       GError         **error);
gboolean   tc_host_validate           (const char      *host,
                                       GError         **error);
char      *tc_address_format          (const char      *host,
                                       guint16          port);
char      *tc_socket_address_format   (GSocketAddress  *address);
GStrv      tc_address_list_local      (void);
gboolean   tc_address_is_local        (GInetAddress    *address);

G_END_DECLS
