/* tc-replay.c: a recording played back as a mock peer on a session's connections
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-replay.h"

#include "tc-bytes-format.h"
#include "tc-escapes.h"
#include "tc-source.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

/* Each connection gets a player that walks the records of one recorded
 * connection in order: an "out" is sent as it was on the wire, after the
 * recorded gap divided by the speed; with expect, an "in" is waited for
 * and compared byte for byte, as a stream, whatever the framing cut it
 * into. A recording made on the other side (a client's, replayed by a
 * server) is played from that side: its "in" are sent, its "out" expected.
 */

typedef struct
{
  TcReplay     *replay;
  TcConnection *connection;
  GByteArray   *received;        /* what came and was not compared yet */
  guint         index;           /* the next record */
  guint         n_in;            /* expectations met, for the report */
  guint64       stream_offset;   /* bytes compared so far */
  gint64        previous_us;     /* recorded time of the last record done */
  GSource      *source;
  gboolean      waited;          /* the gap before records[index] is over */
  gboolean      waiting_in;
  gboolean      done;
  gboolean      closed;          /* freed when idle: a close can come mid-step */
} Player;

struct _TcReplay
{
  GObject           parent_instance;

  TcRecording      *recording;
  GPtrArray        *players;      /* of Player */
  TcSession        *session;      /* borrowed while attached */
  TcReplayDoneFunc  done_func;
  gpointer          done_data;
  double            speed;
  GSource          *reap_source;
  guint             timeout_ms;
  guint             conn;         /* the recorded connection played */
  gboolean          expect;
  gboolean          swap;
  gboolean          served;
};

G_DEFINE_FINAL_TYPE (TcReplay, tc_replay, G_TYPE_OBJECT)

static void player_step (Player *player);

static void
player_free (gpointer data)
{
  Player *player = data;

  tc_source_clear (&player->source);
  g_object_unref (player->connection);
  g_byte_array_unref (player->received);
  g_free (player);
}

static void
tc_replay_dispose (GObject *object)
{
  tc_replay_detach (TC_REPLAY (object));

  G_OBJECT_CLASS (tc_replay_parent_class)->dispose (object);
}

static void
tc_replay_finalize (GObject *object)
{
  TcReplay *self = TC_REPLAY (object);

  g_ptr_array_unref (self->players);
  tc_recording_free (self->recording);

  G_OBJECT_CLASS (tc_replay_parent_class)->finalize (object);
}

static void
tc_replay_class_init (TcReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_replay_dispose;
  object_class->finalize = tc_replay_finalize;
}

static void
tc_replay_init (TcReplay *self)
{
  self->players = g_ptr_array_new_with_free_func (player_free);
}

/**
 * tc_replay_new:
 * @recording: (transfer full): what to play
 * @speed: the recorded gaps are divided by it; 0 plays without waiting
 * @expect: whether recorded messages from the peer must come, as recorded
 * @timeout_ms: how long to wait for each of them
 */
TcReplay *
tc_replay_new (TcRecording *recording,
               double       speed,
               gboolean     expect,
               guint        timeout_ms)
{
  TcReplay *self;

  g_return_val_if_fail (recording != NULL, NULL);
  g_return_val_if_fail (speed >= 0, NULL);

  self = g_object_new (TC_TYPE_REPLAY, NULL);
  self->recording = recording;
  self->speed = speed;
  self->expect = expect;
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : TC_REPLAY_DEFAULT_TIMEOUT_MS;
  self->conn = tc_recording_get_first_conn (recording);

  return self;
}

void
tc_replay_set_done_func (TcReplay         *self,
                         TcReplayDoneFunc  func,
                         gpointer          user_data)
{
  g_return_if_fail (TC_IS_REPLAY (self));

  self->done_func = func;
  self->done_data = user_data;
}

static void
append_quoted (GString      *out,
               const guint8 *data,
               gsize         len)
{
  g_autofree char *text = tc_escapes_format (data, len);

  g_string_append_printf (out, "\"%s\"", text);
}

/* Columns on a terminal: a CJK label takes two a character. */
static gsize
display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return width;
}

/* "\n  label \"text\"" */
static void
append_labelled (GString      *out,
                 const char   *label,
                 const guint8 *data,
                 gsize         len)
{
  g_string_append_printf (out, "\n  %s ", label);
  append_quoted (out, data, len);
}

static void
append_labelled_hex (GString      *out,
                     const char   *label,
                     const guint8 *data,
                     gsize         len)
{
  g_string_append_printf (out, "\n  %s ", label);
  tc_bytes_append_hex (out, data, len, 0);
}

/**
 * tc_replay_format_diff:
 * @expected: the recorded message
 * @received: what came instead, as far as it came
 * @offset: the first byte that differs, in @expected
 * @message: which expected message, from 1
 * @stream_offset: the bytes that matched before @expected
 *
 * Returns: (transfer full): the difference, for a person, on several lines
 */
char *
tc_replay_format_diff (GBytes       *expected,
                       const guint8 *received,
                       gsize         received_len,
                       gsize         offset,
                       guint         message,
                       guint64       stream_offset)
{
  GString *out = g_string_new (NULL);
  const guint8 *data;
  const char *label;
  gsize len, shown;

  data = g_bytes_get_data (expected, &len);
  shown = MIN (received_len, len);

  g_string_append_printf (out, _("received bytes differ from the recording at offset %zu of "
                            "expected message %u (byte %" PRIu64 " of the stream)"),
                          offset, message, stream_offset + offset);
  append_labelled (out, _("expected:"), data, len);
  append_labelled (out, _("received:"), received, shown);
  append_labelled_hex (out, _("expected hex:"), data, len);
  label = _("received hex:");
  append_labelled_hex (out, label, received, shown);
  /* Under the first byte that differs: each byte is "xx ". */
  g_string_append_printf (out, "\n  %*s^^",
                          (int) (display_width (label) + 1 + offset * 3), "");

  return g_string_free (out, FALSE);
}

static void
player_finish (Player     *player,
               gboolean    ok,
               const char *report)
{
  TcReplay *self = player->replay;
  g_autoptr(TcConnection) connection = g_object_ref (player->connection);

  if (player->done)
    return;

  player->done = TRUE;
  tc_source_clear (&player->source);

  if (self->done_func != NULL)
    self->done_func (connection, ok, report, self->done_data);
}

/* The "in" @record never came whole: @report says why, then what was
 * expected and what came of it. */
static void
player_fail_in (Player         *player,
                const TcRecord *record,
                GString        *report)
{
  const guint8 *data;
  gsize len;

  data = g_bytes_get_data (record->bytes, &len);
  append_labelled (report, _("expected:"), data, len);
  append_labelled (report, _("received:"), player->received->data, player->received->len);
  player_finish (player, FALSE, report->str);
}

static gboolean
player_timeout_cb (gpointer user_data)
{
  Player *player = user_data;

  g_clear_pointer (&player->source, g_source_unref);
  if (player->waiting_in)
    {
      const TcRecord *record = tc_recording_get_record (player->replay->recording, player->index);
      g_autoptr(GString) report = g_string_new (NULL);

      g_string_append_printf (report, _("timed out after %u ms waiting for expected message %u "
                                        "(byte %" PRIu64 " of the stream)"),
                              player->replay->timeout_ms, player->n_in + 1,
                              player->stream_offset);
      player_fail_in (player, record, report);
      return G_SOURCE_REMOVE;
    }

  player->waited = TRUE;
  player_step (player);

  return G_SOURCE_REMOVE;
}

static gboolean
is_mine (TcReplay       *self,
         const TcRecord *record,
         TcRecordKind    kind)
{
  TcRecordKind mine = kind;

  if (self->swap && kind == TC_RECORD_IN)
    mine = TC_RECORD_OUT;
  else if (self->swap && kind == TC_RECORD_OUT)
    mine = TC_RECORD_IN;

  return record->kind == mine;
}

/* Whether the next expected message came, as far as it came. */
static gboolean
player_check_in (Player         *player,
                 const TcRecord *record)
{
  const guint8 *expected;
  gsize len, n;

  expected = g_bytes_get_data (record->bytes, &len);
  n = MIN (len, player->received->len);
  for (gsize i = 0; i < n; i++)
    if (expected[i] != player->received->data[i])
      {
        g_autofree char *report = NULL;

        report = tc_replay_format_diff (record->bytes, player->received->data,
                                        player->received->len, i, player->n_in + 1,
                                        player->stream_offset);
        player_finish (player, FALSE, report);
        return FALSE;
      }

  if (player->received->len < len)
    return FALSE;

  g_byte_array_remove_range (player->received, 0, (guint) len);
  player->stream_offset += len;
  player->n_in++;
  return TRUE;
}

/* An "in" record: with expect, the peer must have sent it by now.
 * Returns: %FALSE to wait for it (or for the timeout) */
static gboolean
player_take_in (Player         *player,
                const TcRecord *record)
{
  TcReplay *self = player->replay;

  if (self->expect)
    {
      if (!player_check_in (player, record))
        {
          if (!player->done && !player->waiting_in)
            {
              player->waiting_in = TRUE;
              player->source = tc_source_add (self->timeout_ms, player_timeout_cb, player);
            }
          return FALSE;
        }
      player->waiting_in = FALSE;
      tc_source_clear (&player->source);
    }
  player->previous_us = record->t_us;
  player->index++;

  return TRUE;
}

/* Before an "out" or the close: the recorded gap, at the replay's speed.
 * Returns: %TRUE when a timer now waits for it */
static gboolean
player_wait_gap (Player         *player,
                 const TcRecord *record)
{
  TcReplay *self = player->replay;
  double gap_ms;

  if (player->waited || self->speed <= 0 || record->t_us <= player->previous_us)
    return FALSE;

  gap_ms = (double) (record->t_us - player->previous_us) / 1000.0 / self->speed;
  if (gap_ms < 1.0)
    return FALSE;

  player->source = tc_source_add ((guint) MIN (gap_ms, (double) G_MAXUINT32),
                                  player_timeout_cb, player);
  return TRUE;
}

/* The recorded end, or the end of the recording with expect: ended from
 * here, after what is queued. */
static void
player_end (Player *player)
{
  if (tc_session_get_server (player->replay->session) != NULL)
    tc_connection_close (player->connection);
  else
    tc_connection_shutdown_write (player->connection);
  player_finish (player, TRUE, NULL);
}

static void
player_step (Player *player)
{
  TcReplay *self = player->replay;
  guint n = tc_recording_get_n_records (self->recording);

  while (!player->done && player->index < n)
    {
      const TcRecord *record = tc_recording_get_record (self->recording, player->index);
      gboolean is_in, is_out;

      if (record->conn != self->conn || record->kind == TC_RECORD_ERROR)
        {
          player->index++;
          continue;
        }
      if (record->kind == TC_RECORD_OPEN)
        {
          player->previous_us = record->t_us;
          player->index++;
          continue;
        }

      is_in = is_mine (self, record, TC_RECORD_IN);
      is_out = is_mine (self, record, TC_RECORD_OUT);

      if (is_in)
        {
          if (!player_take_in (player, record))
            return;
          continue;
        }

      /* An "out" or the close: after the recorded gap. */
      if (player_wait_gap (player, record))
        return;
      player->waited = FALSE;
      player->previous_us = record->t_us;
      player->index++;

      if (is_out)
        {
          g_autoptr(GError) error = NULL;

          if (!tc_connection_send_bytes (player->connection, record->bytes, 1, &error))
            {
              g_autofree char *report = g_strdup_printf (_("cannot send: %s"), error->message);

              player_finish (player, FALSE, report);
              return;
            }
        }
      else if (record->kind == TC_RECORD_CLOSE)
        break;
    }

  if (!player->done)
    player_end (player);
}

static Player *
find_player (TcReplay     *self,
             TcConnection *connection)
{
  for (guint i = 0; i < self->players->len; i++)
    {
      Player *player = g_ptr_array_index (self->players, i);

      if (player->connection == connection)
        return player;
    }

  return NULL;
}

static gboolean
reap_cb (gpointer user_data)
{
  TcReplay *self = user_data;

  g_clear_pointer (&self->reap_source, g_source_unref);
  for (guint i = self->players->len; i-- > 0;)
    if (((Player *) g_ptr_array_index (self->players, i))->closed)
      g_ptr_array_remove_index (self->players, i);

  return G_SOURCE_REMOVE;
}

static void
peer_closed (TcReplay *self,
             Player   *player)
{
  guint n = tc_recording_get_n_records (self->recording);

  if (!player->done)
    {
      /* Fine unless something was still expected from the peer. */
      for (guint i = player->index; i < n; i++)
        {
          const TcRecord *record = tc_recording_get_record (self->recording, i);

          if (self->expect && record->conn == self->conn && is_mine (self, record, TC_RECORD_IN))
            {
              g_autoptr(GString) report = g_string_new (NULL);

              g_string_append_printf (report, _("the peer closed the connection before expected "
                                                "message %u (byte %" PRIu64
                                                " of the stream)"),
                                      player->n_in + 1, player->stream_offset);
              player_fail_in (player, record, report);
              break;
            }
        }
      player_finish (player, TRUE, NULL);
    }

  player->closed = TRUE;
  if (self->reap_source == NULL)
    self->reap_source = tc_source_add (0, reap_cb, self);
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcReplay *self = user_data;
  Player *player;

  if (event->connection == NULL)
    return;

  switch (event->kind)
    {
    case TC_EVENT_PEER_CONNECTED:
      /* With expect, one peer is played and judged. */
      if (self->expect && self->served)
        {
          tc_connection_close (event->connection);
          return;
        }
      self->served = TRUE;
      player = g_new0 (Player, 1);
      player->replay = self;
      player->connection = g_object_ref (event->connection);
      player->received = g_byte_array_new ();
      g_ptr_array_add (self->players, player);
      player_step (player);
      break;
    case TC_EVENT_RECEIVED:
      player = find_player (self, event->connection);
      if (player != NULL && !player->done && self->expect)
        {
          const TcMessage *line = event->message;
          const char *terminator;
          gsize terminator_len;

          terminator = tc_message_get_terminator (line, &terminator_len);
          if (line->header_len > 0)
            g_byte_array_append (player->received, (const guint8 *) line->header,
                                 (guint) line->header_len);
          g_byte_array_append (player->received, (const guint8 *) line->data, (guint) line->len);
          g_byte_array_append (player->received, (const guint8 *) terminator,
                               (guint) terminator_len);
          if (player->waiting_in)
            player_step (player);
          else if (player->received->len > TC_REPLAY_MAX_AHEAD)
            {
              g_autofree char *report = NULL;

              /* Memory stays bounded whatever the peer sends. */
              report = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "the peer sent more than %u byte ahead of "
                                                     "the recording",
                                                     "the peer sent more than %u bytes ahead of "
                                                     "the recording", TC_REPLAY_MAX_AHEAD),
                                        TC_REPLAY_MAX_AHEAD);
              player_finish (player, FALSE, report);
              g_byte_array_set_size (player->received, 0);
            }
        }
      break;
    case TC_EVENT_PEER_CLOSED:
      player = find_player (self, event->connection);
      if (player != NULL && !player->closed)
        peer_closed (self, player);
      break;
    case TC_EVENT_STATE:
    case TC_EVENT_PEER_REFUSED:
    case TC_EVENT_SENT:
    case TC_EVENT_ERROR:
    case TC_EVENT_INFO:
    default:
      break;
    }
}

/**
 * tc_replay_attach:
 * @session: (transfer none): plays on each peer that connects to it from
 *   now on; it must outlive the attachment
 */
void
tc_replay_attach (TcReplay  *self,
                  TcSession *session)
{
  const char *mode;
  const char *own;

  g_return_if_fail (TC_IS_REPLAY (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  mode = tc_recording_get_mode (self->recording);
  own = tc_session_get_server (session) != NULL ? "server" : "client";
  self->swap = mode != NULL && !g_str_equal (mode, own);

  self->session = session;
  tc_session_add_event_func (session, session_event_cb, self);
}

void
tc_replay_detach (TcReplay *self)
{
  g_return_if_fail (TC_IS_REPLAY (self));

  if (self->session != NULL)
    {
      tc_session_remove_event_func (self->session, session_event_cb, self);
      self->session = NULL;
    }
  tc_source_clear (&self->reap_source);
  g_ptr_array_set_size (self->players, 0);
}
