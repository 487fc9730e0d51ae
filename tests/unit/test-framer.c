/* test-framer.c: the framer interface, with the line framer: encoding, in place and batched
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-line-framer.h"

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       len)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpmem (data, size, expected, len);
}

/* One message: its bytes and one "\n", whatever the bytes hold, as the
 * windows and the headless modes always sent.
 */
static void
test_line_encode (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (0));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GBytes) multi = NULL;
  g_autoptr(GBytes) binary = NULL;

  hello = tc_framer_encode (framer, "hello", 5, &error);
  g_assert_no_error (error);
  assert_bytes (hello, "hello\n", 6);

  empty = tc_framer_encode (framer, NULL, 0, &error);
  g_assert_no_error (error);
  assert_bytes (empty, "\n", 1);

  /* A multi-line text goes whole, with one "\n" after it. */
  multi = tc_framer_encode (framer, "a\nb\r", 4, &error);
  g_assert_no_error (error);
  assert_bytes (multi, "a\nb\r\n", 5);

  binary = tc_framer_encode (framer, "\0\xff", 2, &error);
  g_assert_no_error (error);
  assert_bytes (binary, "\0\xff\n", 3);
}

/* Many messages into one buffer, and one given in pieces, as the relay
 * does: the framing goes around each, the buffer stays one.
 */
static void
test_line_encode_into (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (0));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GOutputVector parts[] = { { "[", 1 }, { "peer", 4 }, { "] ", 2 }, { "three", 5 } };

  g_assert_true (tc_framer_encode_into (framer, out, "one", 3, &error));
  g_assert_no_error (error);
  g_assert_true (tc_framer_encode_into (framer, out, "two", 3, &error));
  g_assert_no_error (error);
  g_assert_true (tc_framer_encode_vectors (framer, out, parts, G_N_ELEMENTS (parts), &error));
  g_assert_no_error (error);
  g_assert_true (tc_framer_encode_vectors (framer, out, NULL, 0, &error));
  g_assert_no_error (error);

  g_assert_cmpmem (out->data, out->len, "one\ntwo\n[peer] three\n\n", 22);
}

/* What comes in is cut by the same object that frames what goes out, and
 * both meet: a message encoded and pushed back is the same message.
 */
static void
collect_cb (const TcMessage *line,
            gpointer      user_data)
{
  g_ptr_array_add (user_data, tc_message_copy (line));
}

static void
test_line_round_trip (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (8));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
  TcMessage *line;
  gsize len;

  g_assert_cmpuint (tc_framer_get_max_size (framer), ==, 8);
  tc_framer_set_max_size (framer, 5);
  g_assert_cmpuint (tc_framer_get_max_size (framer), ==, 5);

  g_assert_true (tc_framer_encode_into (framer, out, "abc", 3, NULL));
  g_assert_true (tc_framer_encode_into (framer, out, "abc\r", 4, NULL));
  g_assert_true (tc_framer_encode_into (framer, out, "toolong", 7, NULL));
  tc_framer_push (framer, (const char *) out->data, out->len, collect_cb, lines);
  tc_framer_push (framer, "end", 3, collect_cb, lines);
  g_assert_cmpuint (tc_framer_get_pending (framer), ==, 3);
  tc_framer_finish (framer, collect_cb, lines);

  g_assert_cmpuint (lines->len, ==, 4);

  line = g_ptr_array_index (lines, 0);
  g_assert_cmpmem (line->data, line->len, "abc", 3);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NONE);
  g_assert_cmpmem (tc_message_get_terminator (line, &len), len, "\n", 1);

  line = g_ptr_array_index (lines, 1);
  g_assert_cmpmem (line->data, line->len, "abc", 3);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_CRLF);
  g_assert_cmpmem (tc_message_get_terminator (line, &len), len, "\r\n", 2);

  line = g_ptr_array_index (lines, 2);
  g_assert_cmpmem (line->data, line->len, "toolo", 5);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_TRUNCATED);
  g_assert_cmpuint (line->discarded, ==, 2);

  line = g_ptr_array_index (lines, 3);
  g_assert_cmpmem (line->data, line->len, "end", 3);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NO_TERMINATOR);
  g_assert_cmpmem (tc_message_get_terminator (line, &len), len, "", 0);
}

/* A line made by hand, with no terminator field, still tells its
 * terminator from its flags.
 */
static void
test_terminator_from_flags (void)
{
  TcMessage crlf = { .data = "x", .len = 1, .flags = TC_MESSAGE_FLAG_CRLF };
  TcMessage last = { .data = "x", .len = 1, .flags = TC_MESSAGE_FLAG_NO_TERMINATOR };
  g_autoptr(TcMessage) copy = NULL;
  gsize len;

  g_assert_cmpmem (tc_message_get_terminator (&crlf, &len), len, "\r\n", 2);
  g_assert_cmpmem (tc_message_get_terminator (&last, &len), len, "", 0);

  copy = tc_message_copy (&crlf);
  g_assert_null (copy->terminator);
  g_assert_cmpmem (tc_message_get_terminator (copy, &len), len, "\r\n", 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framer/line/encode", test_line_encode);
  g_test_add_func ("/framer/line/encode-into", test_line_encode_into);
  g_test_add_func ("/framer/line/round-trip", test_line_round_trip);
  g_test_add_func ("/framer/terminator-from-flags", test_terminator_from_flags);

  return g_test_run ();
}
