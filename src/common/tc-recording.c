/* tc-recording.c: a session's events as JSON Lines, written as they happen and read back
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-recording.h"
#include "tc-peer-numbers.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

struct _TcRecording
{
  char      *mode;
  char      *local;
  GArray    *records;   /* of TcRecord */
};

/* ---- JSON, the little of it this format uses ---- */

/* @text as a JSON string, quotes included; invalid UTF-8 is replaced. */
void
tc_json_append_string (GString    *out,
                       const char *text)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

typedef struct
{
  const char *p;
  const char *end;
} Json;

static void
json_skip_space (Json *json)
{
  while (json->p < json->end &&
         (*json->p == ' ' || *json->p == '\t' || *json->p == '\r' || *json->p == '\n'))
    json->p++;
}

static gboolean
json_read_u4 (Json    *json,
              guint32 *value)
{
  *value = 0;
  if (json->end - json->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (json->p[i]);

      if (d < 0)
        return FALSE;
      *value = *value << 4 | (guint32) d;
    }
  json->p += 4;
  return TRUE;
}

/* A string; NULL when it is not one, or not valid. */
static char *
json_read_string (Json *json)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (json->p >= json->end || *json->p != '"')
    return NULL;
  json->p++;

  while (json->p < json->end)
    {
      char c = *json->p++;
      guint32 u, low;

      if (c == '"')
        {
          if (!g_utf8_validate_len (out->str, out->len, NULL))
            return NULL;
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      if ((guchar) c < 0x20)
        return NULL;
      if (c != '\\')
        {
          g_string_append_c (out, c);
          continue;
        }
      if (json->p >= json->end)
        return NULL;
      c = *json->p++;
      switch (c)
        {
        case '"': case '\\': case '/': g_string_append_c (out, c); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          if (!json_read_u4 (json, &u))
            return NULL;
          if (u >= 0xd800 && u < 0xdc00)
            {
              if (json->end - json->p < 6 || json->p[0] != '\\' || json->p[1] != 'u')
                return NULL;
              json->p += 2;
              if (!json_read_u4 (json, &low) || low < 0xdc00 || low > 0xdfff)
                return NULL;
              u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
            }
          else if (u >= 0xdc00 && u <= 0xdfff)
            return NULL;
          if (u == 0)
            return NULL;  /* a NUL has no place in these strings */
          g_string_append_unichar (out, (gunichar) u);
          break;
        default:
          return NULL;
        }
    }

  return NULL;
}

typedef struct
{
  char     *string;
  gint64    number;
  gboolean  is_number;
} JsonValue;

static gboolean
json_read_number (Json   *json,
                  gint64 *value)
{
  const char *start = json->p;
  char buffer[24];
  gsize n;

  if (json->p < json->end && *json->p == '-')
    json->p++;
  while (json->p < json->end && g_ascii_isdigit (*json->p))
    json->p++;
  n = (gsize) (json->p - start);
  if (n == 0 || n >= sizeof buffer)
    return FALSE;
  /* Fractions and exponents have no place in these numbers. */
  if (json->p < json->end && (*json->p == '.' || *json->p == 'e' || *json->p == 'E'))
    return FALSE;

  memcpy (buffer, start, n);
  buffer[n] = '\0';
  return g_ascii_string_to_signed (buffer, 10, G_MININT64, G_MAXINT64, value, NULL);
}

/* One flat object: keys to strings and whole numbers; true, false and
 * null are read and dropped. */
static GHashTable *
json_read_object (const char *line,
                  gsize       len,
                  const char **problem)
{
  g_autoptr(GHashTable) object = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Json json = { line, line + len };

  json_skip_space (&json);
  if (json.p >= json.end || *json.p != '{')
    return (*problem = N_("not a JSON object"), NULL);
  json.p++;
  json_skip_space (&json);
  if (json.p < json.end && *json.p == '}')
    json.p++;
  else
    for (;;)
      {
        g_autofree char *key = NULL;
        JsonValue value = { 0 };

        json_skip_space (&json);
        key = json_read_string (&json);
        if (key == NULL)
          return (*problem = N_("expected a key in quotes"), NULL);
        json_skip_space (&json);
        if (json.p >= json.end || *json.p != ':')
          return (*problem = N_("expected “:” after a key"), NULL);
        json.p++;
        json_skip_space (&json);

        if (json.p < json.end && *json.p == '"')
          {
            value.string = json_read_string (&json);
            if (value.string == NULL)
              return (*problem = N_("a string that is not valid"), NULL);
          }
        else if (json.end - json.p >= 4 && memcmp (json.p, "true", 4) == 0)
          json.p += 4;
        else if (json.end - json.p >= 5 && memcmp (json.p, "false", 5) == 0)
          json.p += 5;
        else if (json.end - json.p >= 4 && memcmp (json.p, "null", 4) == 0)
          json.p += 4;
        else if (json_read_number (&json, &value.number))
          {
            value.is_number = TRUE;
            value.string = g_strdup_printf ("%" G_GINT64_FORMAT, value.number);
          }
        else
          return (*problem = N_("expected a string or a whole number"), NULL);

        if (value.string != NULL)
          g_hash_table_replace (object, g_steal_pointer (&key), value.string);

        json_skip_space (&json);
        if (json.p < json.end && *json.p == ',')
          {
            json.p++;
            continue;
          }
        if (json.p < json.end && *json.p == '}')
          {
            json.p++;
            break;
          }
        return (*problem = N_("expected “,” or “}”"), NULL);
      }

  json_skip_space (&json);
  if (json.p != json.end)
    return (*problem = N_("something after the object"), NULL);

  return g_steal_pointer (&object);
}

/* ---- reading ---- */

static void
record_clear (gpointer data)
{
  TcRecord *record = data;

  g_free (record->peer);
  g_free (record->local);
  g_free (record->reason);
  g_clear_pointer (&record->bytes, g_bytes_unref);
}

void
tc_recording_free (TcRecording *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->records);
  g_free (self->mode);
  g_free (self->local);
  g_free (self);
}

static gboolean
line_error (GError     **error,
            const char  *source,
            guint        line,
            const char  *problem)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: line %u: %s"), source, line, problem);
  return FALSE;
}

static gboolean
parse_record (GHashTable  *object,
              TcRecord    *record,
              const char **problem)
{
  static const char * const kinds[] = { "open", "in", "out", "close", "error" };
  const char *kind = g_hash_table_lookup (object, "kind");
  const char *t_us = g_hash_table_lookup (object, "t_us");
  const char *conn = g_hash_table_lookup (object, "conn");
  const char *b64 = g_hash_table_lookup (object, "b64");
  guint64 number;
  gsize i;

  if (kind == NULL || t_us == NULL)
    return (*problem = N_("an event needs “kind” and “t_us”"), FALSE);
  for (i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i]))
      break;
  if (i == G_N_ELEMENTS (kinds))
    return (*problem = N_("“kind” is not open, in, out, close or error"), FALSE);
  record->kind = (TcRecordKind) i;

  if (!g_ascii_string_to_signed (t_us, 10, 0, G_MAXINT64, &record->t_us, NULL))
    return (*problem = N_("“t_us” is not a time in microseconds"), FALSE);

  if (conn != NULL)
    {
      if (!g_ascii_string_to_unsigned (conn, 10, 1, G_MAXUINT, &number, NULL))
        return (*problem = N_("“conn” is not a connection number"), FALSE);
      record->conn = (guint) number;
    }
  else if (record->kind != TC_RECORD_ERROR)
    return (*problem = N_("a connection's event needs “conn”"), FALSE);

  if (record->kind == TC_RECORD_IN || record->kind == TC_RECORD_OUT)
    {
      gsize len;
      guchar *data;

      if (b64 == NULL)
        return (*problem = N_("a message needs “b64”"), FALSE);
      for (const char *p = b64; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
          return (*problem = N_("“b64” is not base64"), FALSE);
      if (strlen (b64) % 4 != 0)
        return (*problem = N_("“b64” is not base64"), FALSE);
      data = g_base64_decode (b64, &len);
      record->bytes = g_bytes_new_take (data, len);
    }

  record->peer = g_strdup (g_hash_table_lookup (object, "peer"));
  record->local = g_strdup (g_hash_table_lookup (object, "local"));
  record->reason = g_strdup (g_hash_table_lookup (object, "reason"));

  return TRUE;
}

/**
 * tc_recording_parse:
 * @source: the name to give in errors
 *
 * Returns: (transfer full) (nullable): the recording, or %NULL with @error
 *   giving the line that is wrong and how
 */
TcRecording *
tc_recording_parse (const char  *data,
                    gsize        len,
                    const char  *source,
                    GError     **error)
{
  g_autoptr(TcRecording) self = g_new0 (TcRecording, 1);
  const char *end = data + len;
  const char *p = data;
  guint line = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self->records = g_array_new (FALSE, TRUE, sizeof (TcRecord));
  g_array_set_clear_func (self->records, record_clear);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      g_autoptr(GHashTable) object = NULL;
      const char *problem = NULL;

      line++;
      if (line_end - p > TC_RECORDING_MAX_LINE)
        return (line_error (error, source, line, _("the line is too long")), NULL);

      object = json_read_object (p, (gsize) (line_end - p), &problem);
      p = nl != NULL ? nl + 1 : end;
      if (object == NULL)
        {
          /* A crash can leave the last line cut short: it is dropped. */
          if (nl == NULL && line > 1)
            break;
          return (line_error (error, source, line, _(problem)), NULL);
        }

      if (line == 1)
        {
          const char *format = g_hash_table_lookup (object, "format");
          const char *version = g_hash_table_lookup (object, "version");

          if (g_strcmp0 (format, TC_RECORDING_FORMAT) != 0)
            return (line_error (error, source, line,
                                _("not a tcpchat recording (no “format”: “tcpchat-recording”)")),
                    NULL);
          if (g_strcmp0 (version, G_STRINGIFY (TC_RECORDING_VERSION)) != 0)
            return (line_error (error, source, line,
                                _("a version of the format this program does not read")),
                    NULL);
          self->mode = g_strdup (g_hash_table_lookup (object, "mode"));
          self->local = g_strdup (g_hash_table_lookup (object, "local"));
        }
      else
        {
          TcRecord record = { 0 };

          if (!parse_record (object, &record, &problem))
            {
              record_clear (&record);
              return (line_error (error, source, line, _(problem)), NULL);
            }
          g_array_append_val (self->records, record);
        }
    }

  if (line == 0)
    return (line_error (error, source, 1, _("the file is empty")), NULL);

  return g_steal_pointer (&self);
}

TcRecording *
tc_recording_load (const char  *path,
                   GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error_literal (error, local_error->domain, local_error->code, local_error->message);
      return NULL;
    }

  return tc_recording_parse (g_mapped_file_get_contents (file), g_mapped_file_get_length (file),
                             path, error);
}

/* "server" or "client", or NULL when the header did not say. */
const char *
tc_recording_get_mode (TcRecording *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->mode;
}

/* The address the recorded server listened on, or NULL. */
const char *
tc_recording_get_local (TcRecording *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->local;
}

guint
tc_recording_get_n_records (TcRecording *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->records->len;
}

const TcRecord *
tc_recording_get_record (TcRecording *self,
                         guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return &g_array_index (self->records, TcRecord, index);
}

/* The connection of the first event that has one, 0 when none has. */
guint
tc_recording_get_first_conn (TcRecording *self)
{
  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->records->len; i++)
    if (g_array_index (self->records, TcRecord, i).conn != 0)
      return g_array_index (self->records, TcRecord, i).conn;

  return 0;
}

/* ---- writing ---- */

struct _TcRecorder
{
  GObject        parent_instance;

  TcPeerNumbers  conns;
  TcSession     *session;  /* borrowed while attached */
  GString       *buffer;
  GError        *error;
  int            fd;
};

G_DEFINE_FINAL_TYPE (TcRecorder, tc_recorder, G_TYPE_OBJECT)

static void
tc_recorder_dispose (GObject *object)
{
  TcRecorder *self = TC_RECORDER (object);

  tc_recorder_detach (self);

  G_OBJECT_CLASS (tc_recorder_parent_class)->dispose (object);
}

static void
tc_recorder_finalize (GObject *object)
{
  TcRecorder *self = TC_RECORDER (object);

  if (self->fd >= 0)
    close (self->fd);
  tc_peer_numbers_clear (&self->conns);
  g_string_free (self->buffer, TRUE);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (tc_recorder_parent_class)->finalize (object);
}

static void
tc_recorder_class_init (TcRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_recorder_dispose;
  object_class->finalize = tc_recorder_finalize;
}

static void
tc_recorder_init (TcRecorder *self)
{
  tc_peer_numbers_init (&self->conns);
  self->buffer = g_string_new (NULL);
  self->fd = -1;
}

/**
 * tc_recorder_new:
 * @path: the file to write, replaced if it exists
 *
 * Returns: (transfer full) (nullable): the recorder, or %NULL when the
 *   file cannot be created
 */
TcRecorder *
tc_recorder_new (const char  *path,
                 GError     **error)
{
  g_autoptr(TcRecorder) self = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* Every byte of the session goes in it: for its owner's eyes only. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot create %s: %s"), path, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (TC_TYPE_RECORDER, NULL);
  self->fd = fd;

  return g_steal_pointer (&self);
}

/* Each event in one write, as it happens: a crash loses at most the one
 * being written. */
static void
flush_line (TcRecorder *self)
{
  const char *p = self->buffer->str;
  gsize left;

  g_string_append_c (self->buffer, '\n');
  left = self->buffer->len;
  while (left > 0 && self->error == NULL)
    {
      gssize n = write (self->fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (&self->error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot write the recording: %s"), g_strerror (saved));
          break;
        }
      p += n;
      left -= (gsize) n;
    }
  g_string_truncate (self->buffer, 0);
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcRecorder *self = user_data;
  guint conn;

  /* What a replay repeats: the states and notes are left out. */
  if (event->kind == TC_EVENT_STATE || event->kind == TC_EVENT_INFO || self->error != NULL)
    return;

  conn = tc_peer_numbers_for_event (&self->conns, event);

  g_string_append_printf (self->buffer, "{\"t_us\":%" G_GINT64_FORMAT ",\"kind\":\"%s\"",
                          event->time_us, tc_peer_numbers_kind_name (event->kind));
  if (conn != 0)
    g_string_append_printf (self->buffer, ",\"conn\":%u", conn);
  if (event->peer != NULL)
    {
      g_string_append (self->buffer, ",\"peer\":");
      tc_json_append_string (self->buffer, event->peer);
    }
  if (event->kind == TC_EVENT_PEER_CONNECTED && event->connection != NULL &&
      tc_connection_get_local_label (event->connection) != NULL)
    {
      g_string_append (self->buffer, ",\"local\":");
      tc_json_append_string (self->buffer, tc_connection_get_local_label (event->connection));
    }
  if (event->message != NULL)
    {
      const TcMessage *line = event->message;
      g_autoptr(GByteArray) wire = g_byte_array_sized_new ((guint) (line->header_len + line->len + 2));
      g_autofree char *b64 = NULL;
      const char *terminator;
      gsize terminator_len;

      terminator = tc_message_get_terminator (line, &terminator_len);
      if (line->header_len > 0)
        g_byte_array_append (wire, (const guint8 *) line->header, (guint) line->header_len);
      g_byte_array_append (wire, (const guint8 *) line->data, (guint) line->len);
      g_byte_array_append (wire, (const guint8 *) terminator, (guint) terminator_len);
      b64 = g_base64_encode (wire->data, wire->len);
      g_string_append_printf (self->buffer, ",\"b64\":\"%s\"", b64);
      if (line->flags & TC_MESSAGE_FLAG_TRUNCATED)
        g_string_append_printf (self->buffer, ",\"discarded\":%" G_GUINT64_FORMAT,
                                line->discarded);
    }
  if (event->error != NULL)
    {
      g_string_append (self->buffer, ",\"reason\":");
      tc_json_append_string (self->buffer, event->error->message);
    }
  g_string_append_c (self->buffer, '}');
  flush_line (self);
}

/**
 * tc_recorder_attach:
 * @session: (transfer none): the session to record; it must outlive the
 *   attachment
 * @program: "tcpchat-server" or "tcpchat-client"
 * @encoding: (nullable): how the session shows text, "UTF-8" when %NULL
 *
 * Writes the header, then every event of @session as it happens.
 */
void
tc_recorder_attach (TcRecorder *self,
                    TcSession  *session,
                    const char *program,
                    const char *encoding)
{
  TcServer *server;
  TcFraming *framing;
  g_autofree char *framing_text = NULL;

  g_return_if_fail (TC_IS_RECORDER (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  server = tc_session_get_server (session);
  framing = server != NULL ? tc_server_get_framing (server)
                           : tc_client_get_framing (tc_session_get_client (session));
  framing_text = framing != NULL ? tc_framing_to_string (framing) : g_strdup ("lines");

  g_string_append_printf (self->buffer,
                          "{\"format\":\"%s\",\"version\":%d,\"program\":",
                          TC_RECORDING_FORMAT, TC_RECORDING_VERSION);
  tc_json_append_string (self->buffer, program);
  g_string_append (self->buffer, ",\"program_version\":");
  tc_json_append_string (self->buffer, PACKAGE_VERSION);
  g_string_append_printf (self->buffer, ",\"mode\":\"%s\",\"local\":",
                          server != NULL ? "server" : "client");
  if (server != NULL && tc_server_get_listen_label (server) != NULL)
    tc_json_append_string (self->buffer, tc_server_get_listen_label (server));
  else
    g_string_append (self->buffer, "null");
  g_string_append (self->buffer, ",\"framing\":");
  tc_json_append_string (self->buffer, framing_text);
  g_string_append (self->buffer, ",\"encoding\":");
  tc_json_append_string (self->buffer, encoding != NULL ? encoding : "UTF-8");
  g_string_append_printf (self->buffer, ",\"t_us\":%" G_GINT64_FORMAT "}", g_get_real_time ());
  flush_line (self);

  self->session = session;
  tc_session_add_event_func (session, session_event_cb, self);
}

void
tc_recorder_detach (TcRecorder *self)
{
  g_return_if_fail (TC_IS_RECORDER (self));

  if (self->session != NULL)
    {
      tc_session_remove_event_func (self->session, session_event_cb, self);
      self->session = NULL;
    }
  tc_peer_numbers_forget (&self->conns);
}

/* The first write that failed; recording stopped there. */
const GError *
tc_recorder_get_error (TcRecorder *self)
{
  g_return_val_if_fail (TC_IS_RECORDER (self), NULL);

  return self->error;
}
