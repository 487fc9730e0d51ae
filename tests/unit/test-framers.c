/* test-framers.c: the delimiter, raw, fixed and length framers, in every split of their input
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-delimiter-framer.h"
#include "tc-error.h"
#include "tc-fixed-framer.h"
#include "tc-framing.h"
#include "tc-length-framer.h"
#include "tc-raw-framer.h"

/* One message as a test expects it: header, content, terminator, flags. */
typedef struct
{
  const char  *header;
  gsize        header_len;
  const char  *data;
  gsize        len;
  const char  *terminator;
  gsize        terminator_len;
  TcMessageFlags  flags;
  guint64      discarded;
} Expected;

#define S(s) s, sizeof (s) - 1
/* content ended by terminator */
#define MSG(d, t)          { S (""), S (d), S (t), TC_MESSAGE_FLAG_NONE, 0 }
#define MSG_H(h, d)        { S (h), S (d), S (""), TC_MESSAGE_FLAG_NONE, 0 }
#define MSG_F(h, d, t, f, n) { S (h), S (d), S (t), f, n }
#define END                { NULL, 0, NULL, 0, NULL, 0, 0, 0 }

typedef struct
{
  GPtrArray *messages;  /* TcMessage* copies */
  gsize      max_pending;
  TcFramer  *framer;
} Collector;

static void
collect_cb (const TcMessage *message,
            gpointer      user_data)
{
  Collector *c = user_data;

  g_assert_true (message->data != NULL || message->len == 0);
  g_assert_nonnull (message->terminator);
  g_ptr_array_add (c->messages, tc_message_copy (message));
}

static void
collector_init (Collector *c,
                TcFramer  *framer)
{
  c->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
  c->max_pending = 0;
  c->framer = framer;
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->messages, g_ptr_array_unref);
}

static void
push (Collector  *c,
      const char *data,
      gsize       len)
{
  tc_framer_push (c->framer, data, len, collect_cb, c);
  c->max_pending = MAX (c->max_pending, tc_framer_get_pending (c->framer));
}

static char *
describe (const char *data,
          gsize       len)
{
  g_autofree char *raw = g_strndup (data != NULL ? data : "", len);

  return g_strescape (raw, NULL);
}

static void
assert_messages (GPtrArray      *messages,
                 const Expected *expected,
                 const char     *what)
{
  guint n = 0;

  while (expected[n].data != NULL)
    n++;

  if (messages->len != n)
    {
      g_autofree char *msg = g_strdup_printf ("%s: %u messages, expected %u",
                                              what, messages->len, n);
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }

  for (guint i = 0; i < n; i++)
    {
      TcMessage *got = g_ptr_array_index (messages, i);
      const Expected *e = &expected[i];
      gsize got_header_len = got->header != NULL ? got->header_len : 0;

      if (got->len != e->len || memcmp (got->data, e->data, got->len) != 0 ||
          got_header_len != e->header_len ||
          (e->header_len > 0 && memcmp (got->header, e->header, e->header_len) != 0) ||
          got->terminator_len != e->terminator_len ||
          memcmp (got->terminator, e->terminator, e->terminator_len) != 0 ||
          got->flags != e->flags || got->discarded != e->discarded)
        {
          g_autofree char *g = describe (got->data, got->len);
          g_autofree char *x = describe (e->data, e->len);
          g_autofree char *gt = describe (got->terminator, got->terminator_len);
          g_autofree char *xt = describe (e->terminator, e->terminator_len);
          g_autofree char *msg =
            g_strdup_printf ("%s: message %u is \"%s\" ended by \"%s\" (header %" G_GSIZE_FORMAT
                             " bytes, flags %d, discarded %" G_GUINT64_FORMAT "), expected \"%s\" "
                             "ended by \"%s\" (header %" G_GSIZE_FORMAT " bytes, flags %d, "
                             "discarded %" G_GUINT64_FORMAT ")",
                             what, i, g, gt, got_header_len, got->flags, got->discarded,
                             x, xt, e->header_len, e->flags, e->discarded);
          g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
        }
    }
}

static TcFramer *
framer_from_spec (const char *spec,
                  gsize       max_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcFraming) framing = tc_framing_parse (spec, &error);

  g_assert_no_error (error);
  return tc_framing_create_framer (framing, max_size);
}

/* Feeds @input cut at the offsets in @cuts (ascending, within it), then
 * ends the stream, and checks what came out and that memory stayed within
 * @max_pending.
 */
static void
check_split (const char     *spec,
             gsize           max_size,
             const char     *input,
             gsize           len,
             const gsize    *cuts,
             guint           n_cuts,
             const Expected *expected,
             gsize           max_pending,
             const char     *what)
{
  g_autoptr(TcFramer) framer = framer_from_spec (spec, max_size);
  Collector c;
  gsize at = 0;

  collector_init (&c, framer);
  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize to = i < n_cuts ? cuts[i] : len;

      push (&c, input + at, to - at);
      at = to;
    }
  tc_framer_finish (framer, collect_cb, &c);

  assert_messages (c.messages, expected, what);
  g_assert_cmpuint (c.max_pending, <=, max_pending);
  g_assert_cmpuint (tc_framer_get_pending (framer), ==, 0);
  collector_clear (&c);
}

/* Whole, byte by byte, every cut in two, and random chunks from fixed seeds. */
static void
check_all_splits (const char     *spec,
                  gsize           max_size,
                  const char     *input,
                  gsize           len,
                  const Expected *expected,
                  gsize           max_pending)
{
  g_autofree gsize *cuts = g_new (gsize, len + 1);
  g_autofree char *what = NULL;

  check_split (spec, max_size, input, len, NULL, 0, expected, max_pending, "whole");

  for (gsize i = 1; i < len; i++)
    cuts[i - 1] = i;
  check_split (spec, max_size, input, len, cuts, len > 0 ? (guint) (len - 1) : 0,
               expected, max_pending, "byte by byte");

  for (gsize i = 1; i < len; i++)
    {
      g_autofree char *where = g_strdup_printf ("cut at %" G_GSIZE_FORMAT, i);

      cuts[0] = i;
      check_split (spec, max_size, input, len, cuts, 1, expected, max_pending, where);
    }

  for (guint32 seed = 1; seed <= 50; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autofree char *where = g_strdup_printf ("random chunks, seed %u", seed);
      guint n = 0;
      gsize at = 0;

      while (len > 0)
        {
          at += (gsize) g_rand_int_range (rand, 1, 8);
          if (at >= len)
            break;
          cuts[n++] = at;
        }
      check_split (spec, max_size, input, len, cuts, n, expected, max_pending, where);
    }
}

#define CHECK(spec, max, input, expected, max_pending) \
  check_all_splits (spec, max, input, sizeof (input) - 1, expected, max_pending)

static void
test_delimiter_basic (void)
{
  static const Expected crlf[] = {
    MSG ("AT", "\r\n"), MSG ("", "\r\n"), MSG ("OK\r", "\r\n"),
    MSG_F ("", "tail\r", "", TC_MESSAGE_FLAG_NO_TERMINATOR, 0), END,
  };
  static const Expected etx[] = {
    MSG ("\x02" "abc", "\x03"), MSG ("\x02" "\n\r", "\x03"), END,
  };
  static const Expected word[] = {
    MSG ("one", "END"), MSG ("ENtwoEN", "END"), MSG ("", "END"),
    MSG_F ("", "EN", "", TC_MESSAGE_FLAG_NO_TERMINATOR, 0), END,
  };
  /* A delimiter that overlaps itself: "aab" inside "aaab". */
  static const Expected overlap[] = {
    MSG ("a", "aab"), MSG ("x", "aab"), MSG ("", "aab"), END,
  };

  CHECK ("delimiter:\\r\\n", 64, "AT\r\n\r\nOK\r\r\ntail\r", crlf, 64 + 2);
  CHECK ("delimiter:\\x03", 64, "\x02" "abc\x03\x02\n\r\x03", etx, 64 + 1);
  CHECK ("delimiter:END", 64, "oneENDENtwoENENDENDEN", word, 64 + 3);
  CHECK ("delimiter:aab", 64, "aaabxaabaab", overlap, 64 + 3);
}

static void
test_delimiter_truncation (void)
{
  static const Expected expected[] = {
    MSG_F ("", "abcd", "||", TC_MESSAGE_FLAG_TRUNCATED, 5),
    MSG ("ok", "||"),
    MSG_F ("", "wxyz", "", TC_MESSAGE_FLAG_NO_TERMINATOR | TC_MESSAGE_FLAG_TRUNCATED, 3),
    END,
  };

  /* max 4: the buffer never holds more than the start and the delimiter */
  CHECK ("delimiter:||", 4, "abcdefghi||ok||wxyz12|", expected, 4 + 2);
}

static void
test_fixed (void)
{
  static const Expected expected[] = {
    MSG ("abc", ""), MSG ("\0\n\r", ""), MSG ("xyz", ""),
    MSG_F ("", "12", "", TC_MESSAGE_FLAG_NO_TERMINATOR, 0), END,
  };
  static const Expected truncated[] = {
    MSG_F ("", "ab", "", TC_MESSAGE_FLAG_TRUNCATED, 3),
    MSG_F ("", "fg", "", TC_MESSAGE_FLAG_TRUNCATED, 3),
    MSG_F ("", "kl", "", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR, 1), END,
  };

  CHECK ("fixed:3", 64, "abc\0\n\rxyz12", expected, 3);
  CHECK ("fixed:5", 2, "abcdefghijklm", truncated, 2);
}

static void
test_length (void)
{
  static const Expected u8[] = {
    MSG_H ("\x03", "abc"), MSG_H ("\x00", ""), MSG_H ("\x01", "\n"),
    MSG_F ("\x05", "xy", "", TC_MESSAGE_FLAG_NO_TERMINATOR, 0), END,
  };
  static const Expected u16be[] = {
    MSG_H ("\x00\x02", "hi"), MSG_F ("\x00", "", "", TC_MESSAGE_FLAG_NO_TERMINATOR, 0), END,
  };
  static const Expected u16le[] = {
    MSG_H ("\x02\x00", "hi"), MSG_H ("\x00\x00", ""), END,
  };
  static const Expected u32be[] = {
    MSG_H ("\x00\x00\x00\x01", "!"), MSG_H ("\x00\x00\x00\x02", "\x00\xff"), END,
  };
  static const Expected u32le[] = {
    MSG_H ("\x01\x00\x00\x00", "!"), END,
  };

  CHECK ("length:u8", 64, "\x03" "abc\x00\x01\n\x05xy", u8, 64 + 1);
  CHECK ("length:u16be", 64, "\x00\x02hi\x00", u16be, 64 + 2);
  CHECK ("length:u16le", 64, "\x02\x00hi\x00\x00", u16le, 64 + 2);
  CHECK ("length:u32be", 64, "\x00\x00\x00\x01!\x00\x00\x00\x02\x00\xff", u32be, 64 + 4);
  CHECK ("length:u32le", 64, "\x01\x00\x00\x00!", u32le, 64 + 4);
}

static void
test_length_truncation (void)
{
  static const Expected expected[] = {
    MSG_F ("\x00\x00\x00\x08", "abcd", "", TC_MESSAGE_FLAG_TRUNCATED, 4),
    MSG_H ("\x00\x00\x00\x02", "ok"),
    END,
  };

  CHECK ("length:u32be", 4, "\x00\x00\x00\x08" "abcdefgh\x00\x00\x00\x02ok", expected, 4 + 4);
}

/* A u32 length of 4 GiB - 1: the framer keeps the maximum, skips and
 * counts the rest, and never asks for more memory.
 */
static void
test_length_hostile (void)
{
  g_autoptr(TcFramer) framer = framer_from_spec ("length:u32be", 1024);
  g_autofree char *chunk = g_malloc (65536);
  Collector c;
  TcMessage *last;

  memset (chunk, 'z', 65536);
  collector_init (&c, framer);
  push (&c, "\xff\xff\xff\xff", 4);
  for (guint i = 0; i < 64; i++)
    push (&c, chunk, 65536);

  g_assert_cmpuint (c.messages->len, ==, 0);
  g_assert_cmpuint (c.max_pending, <=, 1024 + 4);

  tc_framer_finish (framer, collect_cb, &c);
  g_assert_cmpuint (c.messages->len, ==, 1);
  last = g_ptr_array_index (c.messages, 0);
  g_assert_cmpuint (last->len, ==, 1024);
  g_assert_cmpuint (last->flags, ==, TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR);
  g_assert_cmpuint (last->discarded, ==, 64 * 65536 - 1024);
  g_assert_cmpmem (last->header, last->header_len, "\xff\xff\xff\xff", 4);
  collector_clear (&c);
}

/* Delimiter and fixed under a flood with no end in sight stay bounded too. */
static void
test_unbounded_input (void)
{
  const char *specs[] = { "delimiter:\\r\\n", "delimiter:END", "fixed:16777216", "raw:100" };
  g_autofree char *chunk = g_malloc (65536);

  /* "\r" and "EN" everywhere: partial matches that never complete */
  for (gsize i = 0; i < 65536; i++)
    chunk[i] = "\rEN"[i % 3];

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      g_autoptr(TcFramer) framer = framer_from_spec (specs[s], 4096);
      Collector c;

      collector_init (&c, framer);
      for (guint i = 0; i < 64; i++)
        push (&c, chunk, 65536);
      g_assert_cmpuint (c.max_pending, <=, 4096 + 3);
      collector_clear (&c);
    }
}

/* Each read a message, cut at the maximum; nothing dropped, nothing flagged. */
static void
test_raw_each_read (void)
{
  g_autoptr(TcFramer) framer = framer_from_spec ("raw", 4);
  Collector c;
  static const Expected expected[] = {
    MSG ("ab", ""), MSG ("\0\r\n\xff", ""), MSG ("x", ""), MSG ("y", ""), END,
  };

  collector_init (&c, framer);
  push (&c, "ab", 2);
  push (&c, "\0\r\n\xff" "x", 5);
  push (&c, "y", 1);
  tc_framer_finish (framer, collect_cb, &c);
  assert_messages (c.messages, expected, "raw");
  g_assert_cmpuint (tc_framer_get_idle_gap_ms (framer), ==, 0);
  collector_clear (&c);
}

/* With a gap the reads are joined until the owner flushes; random splits
 * make the same message, and the maximum cuts it without loss.
 */
static void
test_raw_gap (void)
{
  static const char input[] = "0123456789abcdefghij";
  static const Expected joined[] = { MSG ("0123456789abcdefghij", ""), END };
  static const Expected capped[] = {
    MSG ("01234567", ""), MSG ("89abcdef", ""), MSG ("ghij", ""), END,
  };

  check_all_splits ("raw:50", 64, input, sizeof input - 1, joined, 64);
  check_all_splits ("raw:50", 8, input, sizeof input - 1, capped, 8);

  {
    g_autoptr(TcFramer) framer = framer_from_spec ("raw:50", 64);
    static const Expected two[] = { MSG ("ab", ""), MSG ("cd", ""), END };
    Collector c;

    g_assert_cmpuint (tc_framer_get_idle_gap_ms (framer), ==, 50);
    collector_init (&c, framer);
    push (&c, "a", 1);
    push (&c, "b", 1);
    tc_framer_flush (framer, collect_cb, &c);
    tc_framer_flush (framer, collect_cb, &c);
    push (&c, "cd", 2);
    tc_framer_finish (framer, collect_cb, &c);
    assert_messages (c.messages, two, "raw:50 flushed");
    collector_clear (&c);
  }
}

/* What a framer encodes it decodes back to the same message. */
static void
test_round_trip_random (void)
{
  const char *specs[] = {
    "delimiter:\\r\\n", "delimiter:\\x03", "delimiter:END", "fixed:7",
    "length:u8", "length:u16be", "length:u16le", "length:u32be", "length:u32le",
  };

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    for (guint32 seed = 1; seed <= 20; seed++)
      {
        g_autoptr(TcFramer) encoder = framer_from_spec (specs[s], 256);
        g_autoptr(TcFramer) decoder = framer_from_spec (specs[s], 256);
        g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
        g_autoptr(GByteArray) wire = g_byte_array_new ();
        g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
        Collector c;
        gsize at = 0;

        for (guint m = 0; m < 30; m++)
          {
            gsize len = g_str_has_prefix (specs[s], "fixed") ? 7 : (gsize) g_rand_int_range (rand, 0, 200);
            g_autofree guint8 *msg = g_malloc (len + 1);
            g_autoptr(GError) error = NULL;

            /* bytes that avoid the delimiters, so that each is one message */
            for (gsize i = 0; i < len; i++)
              msg[i] = (guint8) g_rand_int_range (rand, 'a', 'z');
            g_assert_true (tc_framer_encode_into (encoder, wire, msg, len, &error));
            g_assert_no_error (error);
            g_ptr_array_add (sent, g_bytes_new (msg, len));
          }

        collector_init (&c, decoder);
        while (at < wire->len)
          {
            gsize n = (gsize) g_rand_int_range (rand, 1, 300);

            n = MIN (n, wire->len - at);

            push (&c, (const char *) wire->data + at, n);
            at += n;
          }
        tc_framer_finish (decoder, collect_cb, &c);

        if (c.messages->len != sent->len)
          g_test_message ("%s, seed %u", specs[s], seed);
        g_assert_cmpuint (c.messages->len, ==, sent->len);
        for (guint m = 0; m < sent->len; m++)
          {
            TcMessage *got = g_ptr_array_index (c.messages, m);
            gsize len;
            const void *data = g_bytes_get_data (g_ptr_array_index (sent, m), &len);

            g_assert_cmpmem (got->data, got->len, data, len);
            g_assert_cmpuint (got->flags, ==, 0);
          }
        collector_clear (&c);
      }
}

static void
test_encode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  {
    g_autoptr(TcFramer) framer = framer_from_spec ("delimiter:END", 64);

    bytes = tc_framer_encode (framer, "hi", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "hiEND", 5);
    g_clear_pointer (&bytes, g_bytes_unref);
  }

  {
    g_autoptr(TcFramer) framer = framer_from_spec ("raw", 64);

    bytes = tc_framer_encode (framer, "\0\n", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\0\n", 2);
    g_clear_pointer (&bytes, g_bytes_unref);
  }

  {
    g_autoptr(TcFramer) framer = framer_from_spec ("fixed:4", 64);

    bytes = tc_framer_encode (framer, "abcd", 4, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "abcd", 4);
    g_clear_pointer (&bytes, g_bytes_unref);

    bytes = tc_framer_encode (framer, "abc", 3, &error);
    g_assert_null (bytes);
    g_assert_error (error, TC_ERROR, TC_ERROR_WRONG_MESSAGE_SIZE);
    g_assert_cmpstr (error->message, ==,
                     "Every message is 4 bytes long in this framing; this one has 3 "
                     "(nothing is padded or cut)");
    g_clear_error (&error);
  }

  {
    g_autoptr(TcFramer) framer = framer_from_spec ("length:u16le", 300);
    g_autofree char *big = g_malloc0 (301);

    bytes = tc_framer_encode (framer, "abc", 3, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\x03\x00" "abc", 5);
    g_clear_pointer (&bytes, g_bytes_unref);

    bytes = tc_framer_encode (framer, big, 301, &error);
    g_assert_null (bytes);
    g_assert_error (error, TC_ERROR, TC_ERROR_MESSAGE_TOO_LONG);
    g_assert_cmpstr (error->message, ==, "A message of 301 bytes is longer than the maximum "
                                         "message size, 300 bytes");
    g_clear_error (&error);
  }

  {
    g_autoptr(TcFramer) framer = framer_from_spec ("length:u8", 1000);
    g_autoptr(GByteArray) out = g_byte_array_new ();
    g_autofree char *big = g_malloc0 (256);

    g_byte_array_append (out, (const guint8 *) "kept", 4);
    g_assert_false (tc_framer_encode_into (framer, out, big, 256, &error));
    g_assert_error (error, TC_ERROR, TC_ERROR_MESSAGE_TOO_LONG);
    g_assert_cmpstr (error->message, ==, "A message of 256 bytes is too long for a 1-byte "
                                         "length prefix, which says at most 255");
    g_assert_cmpmem (out->data, out->len, "kept", 4);
    g_clear_error (&error);

    bytes = tc_framer_encode (framer, big, 255, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, 256);
    g_assert_cmpuint (((const guint8 *) g_bytes_get_data (bytes, NULL))[0], ==, 255);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framers/delimiter/basic", test_delimiter_basic);
  g_test_add_func ("/framers/delimiter/truncation", test_delimiter_truncation);
  g_test_add_func ("/framers/fixed", test_fixed);
  g_test_add_func ("/framers/length/basic", test_length);
  g_test_add_func ("/framers/length/truncation", test_length_truncation);
  g_test_add_func ("/framers/length/hostile", test_length_hostile);
  g_test_add_func ("/framers/unbounded-input", test_unbounded_input);
  g_test_add_func ("/framers/raw/each-read", test_raw_each_read);
  g_test_add_func ("/framers/raw/gap", test_raw_gap);
  g_test_add_func ("/framers/round-trip-random", test_round_trip_random);
  g_test_add_func ("/framers/encode", test_encode);

  return g_test_run ();
}
