/* test-line-framer.c: the byte-to-line splitter, with every way of splitting its input
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-line-framer.h"

/* A line as the tests describe it: bytes, flags and discarded count. */
typedef struct
{
  const char *data;
  gsize       len;
  TcMessageFlags flags;
  guint64     discarded;
} Expected;

#define LINE(s)             { s, sizeof (s) - 1, TC_MESSAGE_FLAG_NONE, 0 }
#define LINE_CRLF(s)        { s, sizeof (s) - 1, TC_MESSAGE_FLAG_CRLF, 0 }
#define LINE_F(s, f, d)     { s, sizeof (s) - 1, f, d }
#define END                 { NULL, 0, 0, 0 }

typedef struct
{
  GPtrArray *lines;  /* TcMessage* copies */
} Collector;

static void
collect_cb (const TcMessage *line,
            gpointer      user_data)
{
  Collector *c = user_data;

  g_assert_nonnull (line);
  g_assert_true (line->data != NULL || line->len == 0);
  g_assert_cmpint (line->time_us, >, 0);
  g_ptr_array_add (c->lines, tc_message_copy (line));
}

static void
collector_init (Collector *c)
{
  c->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
}

static void
assert_lines (GPtrArray      *lines,
              const Expected *expected,
              const char     *what)
{
  guint n = 0;

  while (expected[n].data != NULL)
    n++;

  if (lines->len != n)
    {
      g_autofree char *msg = g_strdup_printf ("%s: %u lines, expected %u", what, lines->len, n);
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }

  for (guint i = 0; i < n; i++)
    {
      TcMessage *got = g_ptr_array_index (lines, i);

      if (got->len != expected[i].len || memcmp (got->data, expected[i].data, got->len) != 0 ||
          got->flags != expected[i].flags || got->discarded != expected[i].discarded)
        {
          g_autofree char *raw = g_strndup (got->data, got->len);
          g_autofree char *g = g_strescape (raw, NULL);
          g_autofree char *e = g_strescape (expected[i].data, NULL);
          g_autofree char *msg = NULL;

          msg = g_strdup_printf ("%s: line %u is \"%s\" (len %" G_GSIZE_FORMAT ", flags %d, discarded %"
                   G_GUINT64_FORMAT "), expected \"%s\" (len %" G_GSIZE_FORMAT
                   ", flags %d, discarded %" G_GUINT64_FORMAT ")",
                   what, i, g, got->len, got->flags, got->discarded,
                   e, expected[i].len, expected[i].flags, expected[i].discarded);
          g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
        }
    }
}

/* The lines and their terminators are the stream again: each line's bytes,
 * then its dropped bytes (only counted), then its terminator as received. */
static void
assert_reassembles (GPtrArray  *lines,
                    const char *input,
                    gsize       len,
                    const char *what)
{
  gsize pos = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      TcMessage *line = g_ptr_array_index (lines, i);
      const char *terminator = tc_message_flags_get_terminator (line->flags);
      gsize terminator_len = strlen (terminator);
      gsize seen_len;
      const char *seen = tc_message_get_terminator (line, &seen_len);

      /* The terminator seen, kept by the copy, is the one the flags tell. */
      g_assert_nonnull (line->terminator);
      g_assert_cmpmem (seen, seen_len, terminator, terminator_len);

      if (pos + line->len > len || memcmp (input + pos, line->data, line->len) != 0)
        g_error ("%s: line %u is not the stream's bytes at %" G_GSIZE_FORMAT, what, i, pos);
      pos += line->len + (gsize) line->discarded;
      if (pos + terminator_len > len || memcmp (input + pos, terminator, terminator_len) != 0)
        g_error ("%s: line %u's terminator \"%s\" is not the stream's at %" G_GSIZE_FORMAT,
                 what, i, g_strescape (terminator, NULL), pos);
      pos += terminator_len;
      /* Only the last line may end without a terminator. */
      if (terminator_len == 0 && i + 1 != lines->len)
        g_error ("%s: line %u has no terminator but is not the last", what, i);
    }

  if (pos != len)
    g_error ("%s: the lines explain %" G_GSIZE_FORMAT " bytes of %" G_GSIZE_FORMAT,
             what, pos, len);
}

/* Pushes @input cut at @cuts (sorted offsets), then finishes. */
static GPtrArray *
frame_with_cuts (const char  *input,
                 gsize        len,
                 gsize        max_line,
                 const gsize *cuts,
                 guint        n_cuts)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (max_line));
  Collector c;
  gsize pos = 0;

  collector_init (&c);

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize next = i < n_cuts ? cuts[i] : len;

      g_assert_cmpuint (next, >=, pos);
      tc_framer_push (framer, input + pos, next - pos, collect_cb, &c);
      /* Memory stays bounded whatever the split. */
      g_assert_cmpuint (tc_framer_get_pending (framer), <=, max_line + 1);
      pos = next;
    }

  tc_framer_finish (framer, collect_cb, &c);
  g_assert_cmpuint (tc_framer_get_pending (framer), ==, 0);

  return c.lines;
}

/* Checks @input against @expected for: one push, byte by byte, every two-way
 * split, every three-way split (short inputs) and random chunks from fixed seeds.
 */
static void
check_all_splits (const char     *input,
                  gsize           len,
                  gsize           max_line,
                  const Expected *expected)
{
  g_autoptr(GPtrArray) whole = frame_with_cuts (input, len, max_line, NULL, 0);
  g_autofree gsize *cuts = g_new (gsize, len + 1);

  assert_lines (whole, expected, "one push");
  assert_reassembles (whole, input, len, "one push");

  for (gsize i = 0; i < len; i++)
    cuts[i] = i;
  {
    g_autoptr(GPtrArray) bytewise = frame_with_cuts (input, len, max_line, cuts, (guint) len);
    assert_lines (bytewise, expected, "byte by byte");
    assert_reassembles (bytewise, input, len, "byte by byte");
  }

  for (gsize i = 0; i <= len; i++)
    {
      g_autoptr(GPtrArray) two = frame_with_cuts (input, len, max_line, &i, 1);
      g_autofree char *what = g_strdup_printf ("split at %" G_GSIZE_FORMAT, i);
      assert_lines (two, expected, what);
      assert_reassembles (two, input, len, what);
    }

  if (len <= 64)
    for (gsize i = 0; i <= len; i++)
      for (gsize j = i; j <= len; j++)
        {
          gsize three[2] = { i, j };
          g_autoptr(GPtrArray) got = frame_with_cuts (input, len, max_line, three, 2);
          g_autofree char *what = g_strdup_printf ("split at %" G_GSIZE_FORMAT " and %"
                                                   G_GSIZE_FORMAT, i, j);
          assert_lines (got, expected, what);
          assert_reassembles (got, input, len, what);
        }

  for (guint32 seed = 1; seed <= 50; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GPtrArray) got = NULL;
      g_autofree char *what = g_strdup_printf ("random chunks, seed %u", seed);
      guint n = 0;
      gsize pos = 0;

      while (pos < len)
        {
          pos += (gsize) g_rand_int_range (rand, 0, 8);
          if (pos < len)
            cuts[n++] = pos;
        }
      got = frame_with_cuts (input, len, max_line, cuts, n);
      assert_lines (got, expected, what);
      assert_reassembles (got, input, len, what);
    }
}

#define CHECK(input, max, ...)                                        \
  G_STMT_START {                                                      \
    const Expected expected_[] = { __VA_ARGS__, END };                \
    check_all_splits (input, sizeof (input) - 1, max, expected_);     \
  } G_STMT_END

#define CHECK_NONE(input, max)                                        \
  G_STMT_START {                                                      \
    const Expected expected_[] = { END };                             \
    check_all_splits (input, sizeof (input) - 1, max, expected_);     \
  } G_STMT_END

static void
test_simple (void)
{
  CHECK ("hello\nworld\n", 64, LINE ("hello"), LINE ("world"));
  CHECK ("one line\n", 64, LINE ("one line"));
  CHECK_NONE ("", 64);
}

static void
test_crlf (void)
{
  /* The line keeps which terminator it had, whatever the split (a CR and
   * its LF in two pushes included). */
  CHECK ("a\r\nb\r\n", 64, LINE_CRLF ("a"), LINE_CRLF ("b"));
  CHECK ("mixed\r\nendings\n", 64, LINE_CRLF ("mixed"), LINE ("endings"));
  CHECK ("a\r\nb\nc", 64, LINE_CRLF ("a"), LINE ("b"), LINE_F ("c", TC_MESSAGE_FLAG_NO_TERMINATOR, 0));
  /* Only the CR right before LF is part of the ending. */
  CHECK ("lone\rcr\n", 64, LINE ("lone\rcr"));
  CHECK ("two\r\r\n", 64, LINE_CRLF ("two\r"));
  CHECK ("\r\n", 64, LINE_CRLF (""));
  CHECK ("\r\n\n\r\n", 64, LINE_CRLF (""), LINE (""), LINE_CRLF (""));
  CHECK ("\r\r\r\n", 64, LINE_CRLF ("\r\r"));
  /* A CR the stream ends on is a byte of the last line, not a terminator. */
  CHECK ("cr at end\r", 64, LINE_F ("cr at end\r", TC_MESSAGE_FLAG_NO_TERMINATOR, 0));
  CHECK ("a\r\n\r", 64, LINE_CRLF ("a"), LINE_F ("\r", TC_MESSAGE_FLAG_NO_TERMINATOR, 0));
}

static void
test_empty_lines (void)
{
  CHECK ("\n\n\n", 64, LINE (""), LINE (""), LINE (""));
  CHECK ("a\n\nb\n", 64, LINE ("a"), LINE (""), LINE ("b"));
}

static void
test_eof_fragment (void)
{
  CHECK ("complete\npartial", 64,
         LINE ("complete"),
         LINE_F ("partial", TC_MESSAGE_FLAG_NO_TERMINATOR, 0));
  CHECK ("x", 64, LINE_F ("x", TC_MESSAGE_FLAG_NO_TERMINATOR, 0));
}

static void
test_finish_twice (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (16));
  Collector c;

  collector_init (&c);
  tc_framer_push (framer, "abc", 3, collect_cb, &c);
  g_assert_cmpuint (tc_framer_get_pending (framer), ==, 3);
  tc_framer_finish (framer, collect_cb, &c);
  tc_framer_finish (framer, collect_cb, &c);
  g_assert_cmpuint (c.lines->len, ==, 1);

  /* The framer is reusable after the end of a stream. */
  tc_framer_push (framer, "next\n", 5, collect_cb, &c);
  g_assert_cmpuint (c.lines->len, ==, 2);
  g_ptr_array_unref (c.lines);
}

static void
test_truncation (void)
{
  /* Exactly the maximum is kept whole, one more byte is truncated. */
  CHECK ("12345678\n", 8, LINE ("12345678"));
  CHECK ("123456789\n", 8, LINE_F ("12345678", TC_MESSAGE_FLAG_TRUNCATED, 1));
  /* The CR of CRLF does not count toward the length, and the truncated
   * line keeps its terminator. */
  CHECK ("12345678\r\n", 8, LINE_CRLF ("12345678"));
  CHECK ("123456789\r\n", 8, LINE_F ("12345678", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_CRLF, 1));
  /* A CR right at the truncation point: a byte of the line when no LF
   * follows it, the terminator's when one does. */
  CHECK ("1234567\r\r\n", 8, LINE_CRLF ("1234567\r"));
  CHECK ("12345678\rX\n", 8, LINE_F ("12345678", TC_MESSAGE_FLAG_TRUNCATED, 2));
  CHECK ("12345678\r\r\n", 8, LINE_F ("12345678", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_CRLF, 1));
  CHECK ("123456789\r\r\n", 8,
         LINE_F ("12345678", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_CRLF, 2));
  CHECK ("12345678\r", 8,
         LINE_F ("12345678", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR, 1));
  CHECK ("1234567\r", 8, LINE_F ("1234567\r", TC_MESSAGE_FLAG_NO_TERMINATOR, 0));
  /* Resync: the line after a long one is whole again. */
  CHECK ("abcdefghijklmnopqrstuvwxyz\nshort\n", 8,
         LINE_F ("abcdefgh", TC_MESSAGE_FLAG_TRUNCATED, 18),
         LINE ("short"));
  CHECK ("short\nabcdefghijklmnopqrstuvwxyz\r\nafter\n", 8,
         LINE ("short"),
         LINE_F ("abcdefgh", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_CRLF, 18),
         LINE ("after"));
  /* A long final fragment is both truncated and flagged. */
  CHECK ("abcdefghijkl", 8,
         LINE_F ("abcdefgh", TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR, 4));
}

static void
test_truncation_bounded (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (1024));
  Collector c;
  char chunk[4096];
  guint64 total = 0;

  memset (chunk, 'x', sizeof chunk);
  collector_init (&c);

  /* 40 MB without a newline: memory stays at the limit, the count is exact. */
  for (guint i = 0; i < 10000; i++)
    {
      tc_framer_push (framer, chunk, sizeof chunk, collect_cb, &c);
      total += sizeof chunk;
      g_assert_cmpuint (tc_framer_get_pending (framer), <=, 1025);
    }
  tc_framer_push (framer, "\nok\n", 4, collect_cb, &c);

  g_assert_cmpuint (c.lines->len, ==, 2);
  {
    TcMessage *l = g_ptr_array_index (c.lines, 0);
    g_assert_cmpuint (l->len, ==, 1024);
    g_assert_cmpint (l->flags, ==, TC_MESSAGE_FLAG_TRUNCATED);
    g_assert_cmpuint (l->discarded, ==, total - 1024);
    l = g_ptr_array_index (c.lines, 1);
    g_assert_cmpmem (l->data, l->len, "ok", 2);
  }
  g_ptr_array_unref (c.lines);
}

static void
test_binary (void)
{
  /* Lines are bytes: NUL and invalid UTF-8 pass through untouched. */
  static const char input[] = "a\0b\n\xff\xfe\xc3\n\xe2\x82\n";
  const Expected expected[] = {
    { "a\0b", 3, 0, 0 },
    { "\xff\xfe\xc3", 3, 0, 0 },
    { "\xe2\x82", 2, 0, 0 },
    END
  };

  check_all_splits (input, sizeof input - 1, 64, expected);
  CHECK ("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\n", 64,
         LINE ("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"));
}

static void
test_max_line_change (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (0));
  Collector c;

  collector_init (&c);
  g_assert_cmpuint (tc_framer_get_max_size (framer), ==, TC_LINE_FRAMER_DEFAULT_MAX_LINE);

  tc_framer_set_max_size (framer, 4);
  g_assert_cmpuint (tc_framer_get_max_size (framer), ==, 4);
  tc_framer_push (framer, "123456\n", 7, collect_cb, &c);

  tc_framer_set_max_size (framer, 10);
  tc_framer_push (framer, "123456\n", 7, collect_cb, &c);

  tc_framer_set_max_size (framer, 2);
  tc_framer_push (framer, "123456\n", 7, collect_cb, &c);

  {
    const Expected expected[] = {
      LINE_F ("1234", TC_MESSAGE_FLAG_TRUNCATED, 2),
      LINE ("123456"),
      LINE_F ("12", TC_MESSAGE_FLAG_TRUNCATED, 4),
      END
    };
    assert_lines (c.lines, expected, "max line changes");
  }
  g_ptr_array_unref (c.lines);
}

/* The documented contract: a new maximum applies from the next line on; the
 * line in progress is never joined from non-adjacent bytes.
 */
static void
test_max_line_change_mid_line (void)
{
  g_autoptr(TcFramer) framer = TC_FRAMER (tc_line_framer_new (4));
  Collector c;

  collector_init (&c);
  tc_framer_push (framer, "abcdefgh", 8, collect_cb, &c);
  tc_framer_set_max_size (framer, 16);
  tc_framer_push (framer, "ijkl\nnext line ok\n", 18, collect_cb, &c);

  g_assert_cmpuint (c.lines->len, ==, 2);
  {
    TcMessage *l = g_ptr_array_index (c.lines, 0);
    g_autofree char *text = g_strndup (l->data, l->len);

    /* Whatever is kept is a prefix of what was sent, and the sum adds up. */
    g_assert_true (g_str_has_prefix ("abcdefghijkl", text));
    g_assert_true (l->flags & TC_MESSAGE_FLAG_TRUNCATED);
    g_assert_cmpuint (l->len + l->discarded, ==, 12);
    l = g_ptr_array_index (c.lines, 1);
    g_assert_cmpmem (l->data, l->len, "next line ok", 12);
  }
  g_ptr_array_unref (c.lines);
}

/* A long random stream of mixed content survives random splits intact. */
static void
test_random_stream (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) expected_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) expected = g_array_new (FALSE, TRUE, sizeof (Expected));
  const gsize max_line = 40;

  for (guint i = 0; i < 2000; i++)
    {
      guint len = (guint) g_rand_int_range (rand, 0, 60);
      char *line = g_malloc (len + 1);
      Expected e = { 0 };

      for (guint k = 0; k < len; k++)
        {
          char ch = (char) g_rand_int_range (rand, 0, 256);
          line[k] = ch == '\n' ? 'n' : (ch == '\r' ? 'r' : ch);
        }
      line[len] = '\0';
      gboolean crlf = g_rand_boolean (rand);

      g_string_append_len (input, line, len);
      g_string_append (input, crlf ? "\r\n" : "\n");

      e.data = line;
      e.len = MIN (len, max_line);
      e.flags = (len > max_line ? TC_MESSAGE_FLAG_TRUNCATED : 0) | (crlf ? TC_MESSAGE_FLAG_CRLF : 0);
      e.discarded = len > max_line ? len - max_line : 0;
      g_ptr_array_add (expected_lines, line);
      g_array_append_val (expected, e);
    }
  {
    Expected end = END;
    g_array_append_val (expected, end);
  }

  for (guint32 seed = 1; seed <= 20; seed++)
    {
      g_autoptr(GRand) cutter = g_rand_new_with_seed (seed);
      g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_autoptr(GPtrArray) got = NULL;
      g_autofree char *what = g_strdup_printf ("random stream, seed %u", seed);
      gsize pos = 0;

      while (TRUE)
        {
          pos += (gsize) g_rand_int_range (cutter, 1, seed * 50);
          if (pos >= input->len)
            break;
          g_array_append_val (cuts, pos);
        }
      got = frame_with_cuts (input->str, input->len, max_line,
                             (gsize *) (gpointer) cuts->data, cuts->len);
      assert_lines (got, (Expected *) (gpointer) expected->data, what);
      assert_reassembles (got, input->str, input->len, what);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framer/simple", test_simple);
  g_test_add_func ("/framer/crlf", test_crlf);
  g_test_add_func ("/framer/empty-lines", test_empty_lines);
  g_test_add_func ("/framer/eof-fragment", test_eof_fragment);
  g_test_add_func ("/framer/finish-twice", test_finish_twice);
  g_test_add_func ("/framer/truncation", test_truncation);
  g_test_add_func ("/framer/truncation-bounded", test_truncation_bounded);
  g_test_add_func ("/framer/binary", test_binary);
  g_test_add_func ("/framer/max-line-change", test_max_line_change);
  g_test_add_func ("/framer/max-line-change-mid-line", test_max_line_change_mid_line);
  g_test_add_func ("/framer/random-stream", test_random_stream);

  return g_test_run ();
}
