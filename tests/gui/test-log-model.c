/* test-log-model.c: the log model's ring bound, batching, drop note and save
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include "tc-error.h"
#include "tc-test-util.h"
#include "tc-widgets.h"

typedef struct
{
  guint emissions;
  guint n_items;      /* what the signals say the model holds */
} Watch;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_assert_cmpuint (position + removed, <=, watch->n_items);
  watch->emissions++;
  watch->n_items = watch->n_items - removed + added;
  g_assert_cmpuint (watch->n_items, ==, g_list_model_get_n_items (model));
}

static void
wait_for_flush (TcLogModel *model)
{
  TC_WAIT_UNTIL (NULL, tc_log_model_get_n_pending (model) == 0, 5000);
  g_assert_cmpuint (tc_log_model_get_n_pending (model), ==, 0);
}

static char *
item_text (TcLogModel *model,
           guint       position)
{
  g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (entry);
  return tc_log_entry_dup_text (entry);
}

static void
assert_entry (TcLogModel     *model,
              guint           position,
              TcLogDirection  direction,
              const char     *peer,
              const char     *text)
{
  g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_autofree char *shown = NULL;

  g_assert_nonnull (entry);
  shown = tc_log_entry_dup_text (entry);
  g_assert_cmpint (tc_log_entry_get_direction (entry), ==, direction);
  g_assert_cmpstr (tc_log_entry_get_peer (entry), ==, peer);
  g_assert_cmpstr (shown, ==, text);
}

/* Each kind of session event becomes the entries the windows show. */
static void
test_session_events (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autoptr(GError) reset = g_error_new_literal (TC_ERROR, TC_ERROR_CONNECTION_RESET, "reset");
  TcMessage sent_line = { "one\ntwo", 7, TC_MESSAGE_FLAG_NONE, 0, 1000, "\n", 1 };
  TcMessage long_line = { "abc", 3, TC_MESSAGE_FLAG_TRUNCATED, 5, 2000, "\n", 1 };
  TcEvent state = { TC_EVENT_STATE, 10, NULL, NULL, NULL, TC_SOCKET_STATE_LISTENING, NULL,
                    FALSE, "Listening on 127.0.0.1:1" };
  TcEvent sent = { TC_EVENT_SENT, 20, "127.0.0.1:2", NULL, &sent_line, 0, NULL, FALSE, NULL };
  TcEvent received = { TC_EVENT_RECEIVED, 30, "127.0.0.1:2", NULL, &long_line, 0, NULL, TRUE,
                       "Line too long" };
  TcEvent closed = { TC_EVENT_PEER_CLOSED, 40, "127.0.0.1:2", NULL, NULL, 0, reset, TRUE,
                     "Disconnected: reset" };
  g_autoptr(TcEvent) copy = tc_event_copy (&sent);

  tc_log_model_append_session_event (model, &state, NULL);
  tc_log_model_append_session_event (model, &sent, NULL);
  tc_log_model_append_session_event (model, copy, "all (2 clients)");
  tc_log_model_append_session_event (model, &received, NULL);
  tc_log_model_append_session_event (model, &closed, NULL);
  wait_for_flush (model);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8);
  assert_entry (model, 0, TC_LOG_DIRECTION_EVENT, NULL,
                "Listening on 127.0.0.1:1 (ListeningState)");
  /* A sent message with a newline in it: a line each, as the peer reads it. */
  assert_entry (model, 1, TC_LOG_DIRECTION_SENT, "127.0.0.1:2", "one");
  assert_entry (model, 2, TC_LOG_DIRECTION_SENT, "127.0.0.1:2", "two");
  assert_entry (model, 3, TC_LOG_DIRECTION_SENT, "all (2 clients)", "one");
  assert_entry (model, 4, TC_LOG_DIRECTION_SENT, "all (2 clients)", "two");
  /* A truncated line, then why. */
  assert_entry (model, 5, TC_LOG_DIRECTION_RECEIVED, "127.0.0.1:2", "abc");
  assert_entry (model, 6, TC_LOG_DIRECTION_ERROR, "127.0.0.1:2", "Line too long");
  assert_entry (model, 7, TC_LOG_DIRECTION_ERROR, "127.0.0.1:2", "Disconnected: reset");
}

static void
test_batching (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  Watch watch = { 0, 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &watch);

  for (guint i = 0; i < 1000; i++)
    tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "127.0.0.1:1",
                         "a line", -1, TC_MESSAGE_FLAG_NONE, 0);

  /* Nothing is announced until the main loop runs the flush... */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (watch.emissions, ==, 0);

  /* ...and then all of it at once. */
  wait_for_flush (model);
  g_assert_cmpuint (watch.emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);

  tc_log_model_clear (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (watch.n_items, ==, 0);
}

/* A peer that floods the window: lines appended from a source at the
 * windows' reading priority, always ready, as a socket with more to read. */
typedef struct
{
  TcLogModel *model;
  GArray     *announced;   /* gint64 monotonic times of items-changed */
  GArray     *added;       /* guint entries each added */
  guint       n_lines;
  gboolean    done;
} Flood;

static void
flood_announced_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Flood      *flood)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (flood->announced, now);
  g_array_append_val (flood->added, added);
}

static gboolean
flood_cb (gpointer data)
{
  Flood *flood = data;

  tc_log_model_append (flood->model, TC_LOG_DIRECTION_RECEIVED, 0, "127.0.0.1:1",
                       "a line", -1, TC_MESSAGE_FLAG_NONE, 0);
  flood->n_lines++;
  flood->done = flood->announced->len >= 4;
  return flood->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Under a flood, the entries are announced a few times a second, not at
 * every frame: each announcement costs the window a layout. Once the
 * flood stops, what is pending is announced at once. */
static void
test_flood_batching (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autoptr(GArray) announced = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (guint));
  Flood flood = { model, announced, added, 0, FALSE };

  /* Room for the flood: a full log's worth pending is announced at once. */
  tc_log_model_set_max_entries (model, 1000000);
  g_signal_connect (model, "items-changed", G_CALLBACK (flood_announced_cb), &flood);
  g_idle_add_full (TC_WINDOW_IO_PRIORITY, flood_cb, &flood, NULL);
  TC_WAIT_UNTIL (NULL, flood.done, 10000);

  /* The first lines are announced at once and the next within a frame;
   * once an announcement is a flood's worth, the next ones wait. A
   * timeout counts from the start of the main-loop iteration that added
   * it, which a slow iteration (under the sanitizers) puts a few
   * milliseconds before the announcement: 10 ms of margin, still far
   * above the 16 ms of a quiet log. */
  g_assert_cmpuint (g_array_index (added, guint, 1), >=, TC_LOG_MODEL_BUSY_ENTRIES);
  for (guint i = 2; i < announced->len; i++)
    g_assert_cmpint (g_array_index (announced, gint64, i) - g_array_index (announced, gint64, i - 1),
                     >=, (TC_LOG_MODEL_BUSY_FLUSH_INTERVAL_MS - 10) * 1000);

  /* The flood's last lines came after the last announcement: they are
   * announced as soon as nothing is left to read. */
  g_assert_cmpuint (tc_log_model_get_n_pending (model), >, 0);
  for (guint i = 0; i < 2 && tc_log_model_get_n_pending (model) > 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (tc_log_model_get_n_pending (model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, flood.n_lines);
}

static void
test_ring_bound (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  Watch watch = { 0, 0 };
  g_autofree char *note = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  tc_log_model_set_max_entries (model, 100);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &watch);

  /* In several flushes, some of which overflow. */
  for (guint round = 0; round < 5; round++)
    {
      for (guint i = 0; i < 50; i++)
        {
          g_autofree char *text = g_strdup_printf ("line %u", round * 50 + i);

          tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "peer",
                               text, -1, TC_MESSAGE_FLAG_NONE, 0);
        }
      tc_log_model_flush (model);
    }

  g_assert_cmpuint (tc_log_model_get_n_entries (model), ==, 100);
  g_assert_cmpuint (tc_log_model_get_dropped (model), ==, 150);
  /* One note in front of the entries kept. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 101);

  note = item_text (model, 0);
  g_assert_nonnull (strstr (note, "150 older entries were dropped"));
  first = item_text (model, 1);
  g_assert_cmpstr (first, ==, "line 150");
  last = item_text (model, 100);
  g_assert_cmpstr (last, ==, "line 249");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 101));

  /* A single flush far beyond the bound keeps only the newest. */
  for (guint i = 0; i < 99; i++)
    tc_log_model_append (model, TC_LOG_DIRECTION_SENT, 0, NULL, "x", 1, TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_flush (model);
  g_assert_cmpuint (tc_log_model_get_n_entries (model), ==, 100);
  g_assert_cmpuint (tc_log_model_get_dropped (model), ==, 249);
  g_assert_cmpuint (watch.n_items, ==, 101);

  /* Shrinking the bound drops at once. */
  tc_log_model_set_max_entries (model, 10);
  g_assert_cmpuint (tc_log_model_get_n_entries (model), ==, 10);
  g_assert_cmpuint (watch.n_items, ==, 11);
}

static void
test_flags_and_safe_text (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autoptr(TcLogEntry) entry = NULL;
  g_autofree char *flags = NULL;
  g_autofree char *text = NULL;
  static const char hostile[] = "ok \xff\xfe \x1b[31m \xe2\x80\xae end";

  tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "p", hostile,
                       sizeof hostile - 1,
                       TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR, 1234);
  tc_log_model_flush (model);

  entry = g_list_model_get_item (G_LIST_MODEL (model), 0);
  flags = tc_log_entry_dup_flags_text (entry);
  g_assert_nonnull (strstr (flags, "[truncated, 1234 bytes dropped]"));
  g_assert_nonnull (strstr (flags, "[no newline at end]"));

  text = tc_log_entry_dup_text (entry);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\x1b'));
  g_assert_null (strstr (text, "\xe2\x80\xae"));
  g_assert_cmpmem (g_bytes_get_data (tc_log_entry_get_bytes (entry), NULL),
                   g_bytes_get_size (tc_log_entry_get_bytes (entry)),
                   hostile, sizeof hostile - 1);
}

static void
test_save_raw (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *readable = NULL;
  gsize len = 0;
  g_autofree char *sent = NULL;
  static const char line1[] = "raw \xff\x00 bytes";
  /* Each direction on its own, each line with its terminator as it went. */
  static const char expected[] = "raw \xff\x00 bytes\r\nlf\nlast";
  static const char expected_sent[] = "sent line\n";

  tc_log_model_append_event (model, NULL, "Listening on %s", "127.0.0.1:1");
  tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "p", line1, sizeof line1 - 1,
                       TC_MESSAGE_FLAG_CRLF, 0);
  tc_log_model_append (model, TC_LOG_DIRECTION_SENT, 0, "p", "sent line", -1,
                       TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "p", "lf", -1, TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_append_error (model, NULL, "an error is no bytes of the wire");
  tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "p", "last", -1,
                       TC_MESSAGE_FLAG_NO_TERMINATOR, 0);

  file = g_file_new_tmp ("tcpchat-log-XXXXXX.txt", &io, &error);
  g_assert_no_error (error);

  g_assert_true (tc_log_model_save (model, file, TC_LOG_SAVE_RECEIVED, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &len, NULL, &error));
  g_assert_cmpmem (contents, len, expected, sizeof expected - 1);

  g_assert_true (tc_log_model_save (model, file, TC_LOG_SAVE_SENT, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &sent, &len, NULL, &error));
  g_assert_cmpmem (sent, len, expected_sent, sizeof expected_sent - 1);

  g_assert_true (tc_log_model_save (model, file, TC_LOG_SAVE_READABLE, NULL, &error));
  g_assert_true (g_file_load_contents (file, NULL, &readable, &len, NULL, &error));
  g_assert_true (g_utf8_validate (readable, (gssize) len, NULL));
  g_assert_nonnull (strstr (readable, "Listening on 127.0.0.1:1"));
  /* Every line dated, with the zone: the file outlives the day. */
  g_assert_true (g_regex_match_simple ("\\A(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
                                       "[+-]\\d\\d:\\d\\d  [^\\n]*\\n){6}\\z",
                                       readable, G_REGEX_RAW, 0));
  g_assert_nonnull (strstr (readable, "▶  p  sent line\n"));
  /* The readable form marks the CRLF line. */
  g_assert_nonnull (strstr (readable, "◀  p  raw \\xFF\\0 bytes  CRLF\n"));

  g_file_delete (file, NULL, NULL);
}

/* The entries of one message share the log's copy of its bytes, which
 * live on while an entry does: the rows the list binds hold no second
 * copy of what the log holds. */
static void
test_entries_share_bytes (void)
{
  TcLogModel *model = tc_log_model_new ();
  g_autofree char *data = g_malloc (65536);
  TcMessage message = { .data = data, .len = 65536, .terminator = "", .terminator_len = 0 };
  g_autoptr(TcLogEntry) first = NULL;
  g_autoptr(TcLogEntry) second = NULL;
  GBytes *bytes;

  for (guint i = 0; i < 65536; i++)
    data[i] = (char) (i * 7);
  tc_log_model_append_line (model, TC_LOG_DIRECTION_RECEIVED, "p", &message);
  tc_log_model_flush (model);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  second = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (g_bytes_get_data (tc_log_entry_get_bytes (first), NULL) ==
                 g_bytes_get_data (tc_log_entry_get_bytes (second), NULL));

  /* Cleared and gone, the log leaves the entries their bytes. */
  tc_log_model_clear (model);
  g_object_unref (model);
  bytes = tc_log_entry_get_bytes (first);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, 65536);
  g_clear_object (&first);
  bytes = tc_log_entry_get_bytes (second);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, 65536);
}

/* Messages of the other framings as the log keeps them: a fixed frame
 * (no terminator, flags that would say "\n"), a delimited one, a length
 * prefixed one: saved exactly as they came, and each entry says its own
 * terminator and prefix. */
static void
test_save_framed (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autoptr(GBytes) received = NULL;
  const TcMessage messages[] = {
    { .data = "fixd", .len = 4, .terminator = "", .terminator_len = 0 },
    { .data = "del", .len = 3, .terminator = "\x03", .terminator_len = 1 },
    { .data = "hi", .len = 2, .terminator = "", .terminator_len = 0,
      .header = "\0\2", .header_len = 2 },
  };
  static const char wire[] = "fixddel\x03\0\2hi";
  static const char * const endings[] = { "", "\x03", "" };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    tc_log_model_append_line (model, TC_LOG_DIRECTION_RECEIVED, "p", &messages[i]);
  tc_log_model_flush (model);

  received = tc_log_model_serialize (model, TC_LOG_SAVE_RECEIVED);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                   wire, sizeof wire - 1);
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), i);
      gsize len;
      const char *terminator = tc_log_entry_get_terminator (entry, &len);

      g_assert_cmpmem (terminator, len, endings[i], strlen (endings[i]));
      g_assert_cmpmem (g_bytes_get_data (tc_log_entry_get_bytes (entry), NULL),
                       g_bytes_get_size (tc_log_entry_get_bytes (entry)),
                       messages[i].data, messages[i].len);
    }
  {
    g_autoptr(TcLogEntry) framed = g_list_model_get_item (G_LIST_MODEL (model), 2);

    g_assert_nonnull (tc_log_entry_get_header (framed));
    g_assert_cmpuint (g_bytes_get_size (tc_log_entry_get_header (framed)), ==, 2);
  }
}

static void
test_memory_per_line (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  struct mallinfo2 before, after;
  const guint n = 100000;
  double per_line;

  before = mallinfo2 ();
  for (guint i = 0; i < n; i++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "line %06u..", i);
      tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "127.0.0.1:50312",
                           text, 12, TC_MESSAGE_FLAG_NONE, 0);
    }
  tc_log_model_flush (model);
  after = mallinfo2 ();

  g_assert_cmpuint (tc_log_model_get_n_entries (model), ==, n);
  per_line = (double) (after.uordblks + after.hblkhd - before.uordblks - before.hblkhd) / n;
  g_test_message ("log model memory: %.1f bytes per 12-byte line", per_line);
  g_assert_cmpfloat (per_line, <, 300.0);
}

/* Lines of the maximum length fill the memory bound long before the entry
 * bound: the oldest go, the bound holds in the model and in the heap. */
static void
test_byte_bound (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autofree char *line = g_malloc (64 * 1024);
  g_autofree char *note = NULL;
  g_autofree char *last = NULL;
  Watch watch = { 0, 0 };
  struct mallinfo2 before, after;
  const gsize max_bytes = TC_LOG_MODEL_DEFAULT_MAX_BYTES;
  gsize heap_growth;
  guint n_entries;

  g_assert_cmpuint (tc_log_model_get_max_bytes (model), ==, max_bytes);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &watch);

  /* 2,000 lines of 64 KiB: 128 MiB offered, in flushes of 100 lines and in
   * one batch larger than the bound. */
  before = mallinfo2 ();
  for (guint i = 0; i < 2000; i++)
    {
      memset (line, 'a' + i % 26, 64 * 1024);
      g_snprintf (line, 16, "%04u", i);
      tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "peer",
                           line, 64 * 1024, TC_MESSAGE_FLAG_NONE, 0);
      if (i % 100 == 99 && i < 1000)
        tc_log_model_flush (model);
      g_assert_cmpuint (tc_log_model_get_held_bytes (model), <=, max_bytes + max_bytes / 8);
    }
  tc_log_model_flush (model);
  g_assert_cmpuint (tc_log_model_get_held_bytes (model), <=, max_bytes);
  after = mallinfo2 ();

  n_entries = tc_log_model_get_n_entries (model);
  g_assert_cmpuint (n_entries, ==, max_bytes / (64 * 1024 + 64));
  g_assert_cmpuint (tc_log_model_get_dropped (model), ==, 2000 - n_entries);
  g_assert_cmpuint (watch.n_items, ==, n_entries + 1);
  heap_growth = after.uordblks + after.hblkhd - before.uordblks - before.hblkhd;
  g_test_message ("log model: %u entries of 64 KiB kept, heap grew %zu bytes",
                  n_entries, heap_growth);
  g_assert_cmpuint (heap_growth, <=, max_bytes + max_bytes / 16);

  note = item_text (model, 0);
  g_assert_nonnull (strstr (note, "older entries were dropped"));
  g_assert_nonnull (strstr (note, "64.0\u00a0MiB"));  /* g_format_size() keeps them together */
  last = item_text (model, n_entries);
  g_assert_true (g_str_has_prefix (last, "1999"));

  /* A smaller bound drops at once; one entry bigger than the bound stays. */
  tc_log_model_set_max_bytes (model, 256 * 1024);
  g_assert_cmpuint (tc_log_model_get_n_entries (model), ==, 3);
  g_assert_cmpuint (watch.n_items, ==, 4);
  tc_log_model_set_max_bytes (model, 1024);
  g_assert_cmpuint (tc_log_model_get_n_entries (model), ==, 1);
  g_assert_cmpuint (tc_log_model_get_held_bytes (model), >, 1024);
  g_assert_cmpuint (watch.n_items, ==, 2);
}

/* A search over the whole log finds what asking each entry alone finds:
 * regular expressions run over all entries at once must not see across
 * the end of one (a "\n" in it, anchors), nor miss a line that is not
 * UTF-8. */
static void
test_find_matches_each_entry (void)
{
  g_autoptr(TcLogModel) model = tc_log_model_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  static const char * const lines[] = {
    "abc", "a\nb", "\xff\xfe abc", "", "xyz", "line 13 ALPHA", "b", "ab\nc", "Ünïcode abc",
    "tail a", "b head", "end x", "y start", "x",
  };
  static const struct { TcLogQueryKind kind; const char *pattern; } queries[] = {
    { TC_LOG_QUERY_REGEX, "abc" }, { TC_LOG_QUERY_REGEX, "^b" }, { TC_LOG_QUERY_REGEX, "a$" },
    { TC_LOG_QUERY_REGEX, "a\\sb" }, { TC_LOG_QUERY_REGEX, "a[^x]b" }, { TC_LOG_QUERY_REGEX, "x*" },
    { TC_LOG_QUERY_REGEX, "^$" }, { TC_LOG_QUERY_REGEX, "ünï" }, { TC_LOG_QUERY_REGEX, "alpha" },
    { TC_LOG_QUERY_TEXT, "ABC" }, { TC_LOG_QUERY_TEXT, "ÜNÏ" }, { TC_LOG_QUERY_HEX, "ff fe" },
    { TC_LOG_QUERY_REGEX, "a\\z" }, { TC_LOG_QUERY_REGEX, "c\\nb|a\\n" },
    { TC_LOG_QUERY_REGEX, "x\\sy|x\\s*$" }, { TC_LOG_QUERY_REGEX, "(?<=\\s)b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, "p", lines[i], -1,
                         TC_MESSAGE_FLAG_NONE, 0);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcLogQuery) query = tc_log_query_new (queries[q].kind, queries[q].pattern,
                                                      FALSE, &error);
      GString *expected = g_string_new (NULL);
      GString *found = g_string_new (NULL);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        if (tc_log_query_find (query, lines[i], strlen (lines[i]), 0, NULL, NULL))
          g_string_append_printf (expected, "%u ", i);
      tc_log_model_find (model, query, NULL, positions);
      for (guint i = 0; i < positions->len; i++)
        g_string_append_printf (found, "%u ", g_array_index (positions, guint, i));
      g_test_message ("%s: %s", queries[q].pattern, found->str);
      g_assert_cmpstr (found->str, ==, expected->str);
      g_string_free (expected, TRUE);
      g_string_free (found, TRUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-model/batching", test_batching);
  g_test_add_func ("/log-model/flood-batching", test_flood_batching);
  g_test_add_func ("/log-model/session-events", test_session_events);
  g_test_add_func ("/log-model/ring-bound", test_ring_bound);
  g_test_add_func ("/log-model/flags-and-safe-text", test_flags_and_safe_text);
  g_test_add_func ("/log-model/save-raw", test_save_raw);
  g_test_add_func ("/log-model/save-framed", test_save_framed);
  g_test_add_func ("/log-model/entries-share-bytes", test_entries_share_bytes);
  g_test_add_func ("/log-model/memory-per-line", test_memory_per_line);
  g_test_add_func ("/log-model/byte-bound", test_byte_bound);
  g_test_add_func ("/log-model/find-matches-each-entry", test_find_matches_each_entry);

  return g_test_run ();
}
