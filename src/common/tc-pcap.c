/* tc-pcap.c: a recording written as a classic pcap capture, with TCP/IP headers made up around it
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-pcap.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Each recorded connection becomes a TCP stream between the two recorded
 * addresses: a handshake at "open", one segment (or several, past
 * TC_PCAP_MAX_SEGMENT) per message with sequence and acknowledgement
 * numbers that follow the bytes, and FINs at "close". The link type is
 * raw IP, so no Ethernet addresses need inventing. Checksums are real, so
 * that Wireshark shows no errors.
 */

#define LINKTYPE_RAW 101
#define SNAPLEN      (TC_PCAP_MAX_SEGMENT + 128)

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

typedef struct
{
  guint8   addr[16];
  guint16  port;
  gboolean v6;
} Endpoint;

typedef struct
{
  Endpoint ends[2];     /* 0: the client, 1: the server */
  guint32  seq[2];      /* the next sequence number each side sends */
  gboolean open;
  gboolean closed;
} Flow;

typedef struct
{
  FILE  *file;
  char  *path;
  int    saved_errno;
} Writer;

/* "127.0.0.1:5555" or "[::1]:5555"; anything else gets @fallback. */
static void
parse_endpoint (const char *label,
                Endpoint   *end,
                guint8      fallback)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = 0;

  memset (end, 0, sizeof *end);
  colon = label != NULL ? strrchr (label, ':') : NULL;
  if (colon != NULL && g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      if (label[0] == '[' && colon > label + 1 && colon[-1] == ']')
        host = g_strndup (label + 1, (gsize) (colon - label - 2));
      else
        host = g_strndup (label, (gsize) (colon - label));
      address = g_inet_address_new_from_string (host);
    }

  if (address == NULL)
    {
      /* Made up: 10.0.0.1:1 and 10.0.0.2:2. */
      end->addr[0] = 10;
      end->addr[3] = fallback;
      end->port = fallback;
      return;
    }

  end->v6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
  memcpy (end->addr, g_inet_address_to_bytes (address), end->v6 ? 16 : 4);
  end->port = (guint16) port;
}

static void
put16 (guint8  *p,
       guint32  value)
{
  p[0] = (guint8) (value >> 8);
  p[1] = (guint8) value;
}

static void
put32 (guint8  *p,
       guint32  value)
{
  p[0] = (guint8) (value >> 24);
  p[1] = (guint8) (value >> 16);
  p[2] = (guint8) (value >> 8);
  p[3] = (guint8) value;
}

static guint32
sum16 (guint32       sum,
       const guint8 *data,
       gsize         len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (data[i] << 8 | data[i + 1]);
  if (len % 2 == 1)
    sum += (guint32) (data[len - 1] << 8);
  return sum;
}

static guint16
fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

static void
write_bytes (Writer     *writer,
             const void *data,
             gsize       len)
{
  if (writer->saved_errno == 0 && len > 0 && fwrite (data, 1, len, writer->file) != len)
    writer->saved_errno = errno != 0 ? errno : EIO;
}

static void
write_packet (Writer       *writer,
              Flow         *flow,
              int           from,
              guint8        flags,
              const guint8 *payload,
              gsize         len,
              gint64        t_us)
{
  const Endpoint *src = &flow->ends[from];
  const Endpoint *dst = &flow->ends[!from];
  gboolean v6 = src->v6;
  gsize ip_len = v6 ? 40 : 20;
  gsize tcp_len = 20 + len;
  guint8 header[60] = { 0 };
  guint8 *tcp = header + ip_len;
  guint8 record[16];
  guint32 sum;
  guint32 ts_sec = (guint32) (t_us / G_USEC_PER_SEC);
  guint32 ts_usec = (guint32) (t_us % G_USEC_PER_SEC);
  guint32 total = (guint32) (ip_len + tcp_len);

  if (v6)
    {
      header[0] = 0x60;
      put16 (header + 4, (guint32) tcp_len);
      header[6] = 6;
      header[7] = 64;
      memcpy (header + 8, src->addr, 16);
      memcpy (header + 24, dst->addr, 16);
    }
  else
    {
      header[0] = 0x45;
      put16 (header + 2, total);
      put16 (header + 6, 0x4000);
      header[8] = 64;
      header[9] = 6;
      memcpy (header + 12, src->addr, 4);
      memcpy (header + 16, dst->addr, 4);
      put16 (header + 10, fold (sum16 (0, header, 20)));
    }

  put16 (tcp, src->port);
  put16 (tcp + 2, dst->port);
  put32 (tcp + 4, flow->seq[from]);
  put32 (tcp + 8, (flags & TCP_ACK) ? flow->seq[!from] : 0);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  put16 (tcp + 14, 65535);

  /* The pseudo-header, then the segment. */
  sum = sum16 (0, v6 ? header + 8 : header + 12, v6 ? 32 : 8);
  sum += 6 + (guint32) tcp_len;
  sum = sum16 (sum, tcp, 20);
  sum = sum16 (sum, payload, len);
  put16 (tcp + 16, fold (sum));

  /* Host order, as the magic number tells readers. */
  memcpy (record, &ts_sec, 4);
  memcpy (record + 4, &ts_usec, 4);
  memcpy (record + 8, &total, 4);
  memcpy (record + 12, &total, 4);
  write_bytes (writer, record, sizeof record);
  write_bytes (writer, header, ip_len + 20);
  write_bytes (writer, payload, len);

  flow->seq[from] += (guint32) len + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
}

static void
open_flow (Writer *writer,
           Flow   *flow,
           gint64  t_us)
{
  flow->open = TRUE;
  write_packet (writer, flow, 0, TCP_SYN, NULL, 0, t_us);
  write_packet (writer, flow, 1, TCP_SYN | TCP_ACK, NULL, 0, t_us);
  write_packet (writer, flow, 0, TCP_ACK, NULL, 0, t_us);
}

static Flow *
get_flow (GHashTable     *flows,
          TcRecording    *recording,
          const TcRecord *record,
          gboolean        server_side)
{
  Flow *flow = g_hash_table_lookup (flows, GUINT_TO_POINTER (record->conn));
  const char *local;
  Endpoint peer, here;

  if (flow != NULL)
    return flow;

  local = record->local != NULL ? record->local : tc_recording_get_local (recording);
  parse_endpoint (record->peer, &peer, server_side ? 1 : 2);
  parse_endpoint (local, &here, server_side ? 2 : 1);
  if (peer.v6 != here.v6)
    {
      parse_endpoint (NULL, &peer, server_side ? 1 : 2);
      parse_endpoint (NULL, &here, server_side ? 2 : 1);
    }

  flow = g_new0 (Flow, 1);
  flow->ends[0] = server_side ? peer : here;
  flow->ends[1] = server_side ? here : peer;
  /* Starting numbers that differ per side, as in a real capture. */
  flow->seq[0] = 0x10000000u + record->conn * 0x1000u;
  flow->seq[1] = 0x20000000u + record->conn * 0x1000u;
  g_hash_table_insert (flows, GUINT_TO_POINTER (record->conn), flow);

  return flow;
}

/* A record's bytes as segments of at most TC_PCAP_MAX_SEGMENT, or its
 * close as the FIN of each side. */
static void
write_record (Writer         *writer,
              Flow           *flow,
              const TcRecord *record,
              gboolean        server_side)
{
  const guint8 *data;
  gsize len;
  int from;

  switch (record->kind)
    {
    case TC_RECORD_IN:
    case TC_RECORD_OUT:
      /* "in" comes from the peer: the client when recorded by a server. */
      from = (record->kind == TC_RECORD_IN) == server_side ? 0 : 1;
      data = g_bytes_get_data (record->bytes, &len);
      for (gsize done = 0; done < len;)
        {
          gsize piece = MIN (len - done, TC_PCAP_MAX_SEGMENT);

          write_packet (writer, flow, from, TCP_PSH | TCP_ACK, data + done, piece, record->t_us);
          done += piece;
        }
      break;
    case TC_RECORD_CLOSE:
      flow->closed = TRUE;
      write_packet (writer, flow, 0, TCP_FIN | TCP_ACK, NULL, 0, record->t_us);
      write_packet (writer, flow, 1, TCP_FIN | TCP_ACK, NULL, 0, record->t_us);
      write_packet (writer, flow, 0, TCP_ACK, NULL, 0, record->t_us);
      break;
    case TC_RECORD_OPEN:
    case TC_RECORD_ERROR:
    default:
      break;
    }
}

/**
 * tc_pcap_export:
 * @path: the capture to write, replaced if it exists
 *
 * Returns: whether the whole capture was written
 */
gboolean
tc_pcap_export (TcRecording  *recording,
                const char   *path,
                GError      **error)
{
  g_autoptr(GHashTable) flows = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gboolean server_side;
  Writer writer = { 0 };
  guint32 header[6] = { 0xa1b2c3d4, 0, 0, 0, SNAPLEN, LINKTYPE_RAW };
  guint n;

  g_return_val_if_fail (recording != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  writer.file = g_fopen (path, "wb");
  if (writer.file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* The version is two 16-bit halves, in host order like the rest. */
  {
    guint16 version[2] = { 2, 4 };

    memcpy (&header[1], version, sizeof version);
  }
  write_bytes (&writer, header, sizeof header);

  server_side = g_strcmp0 (tc_recording_get_mode (recording), "client") != 0;
  n = tc_recording_get_n_records (recording);
  for (guint i = 0; i < n; i++)
    {
      const TcRecord *record = tc_recording_get_record (recording, i);
      Flow *flow;

      if (record->conn == 0 || record->kind == TC_RECORD_ERROR)
        continue;

      flow = get_flow (flows, recording, record, server_side);
      if (flow->closed)
        continue;
      if (!flow->open)
        open_flow (&writer, flow, record->t_us);

      write_record (&writer, flow, record, server_side);
    }

  if (fclose (writer.file) != 0 && writer.saved_errno == 0)
    writer.saved_errno = errno != 0 ? errno : EIO;
  if (writer.saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (writer.saved_errno),
                   _("cannot write %s: %s"), path, g_strerror (writer.saved_errno));
      return FALSE;
    }

  return TRUE;
}
