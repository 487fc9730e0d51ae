/* tc-log-file.c: a session's events appended to a file, as text or JSON Lines, rotated
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main loop only formats: whole lines gather in a buffer that goes,
 * once an iteration or every 64 KiB, to a thread of its own that writes
 * and rotates. A slow or stuck disk then holds up that thread, never the
 * sockets. Like the server's records, what goes into the file is plain
 * English that scripts can match, never translated.
 */
#include "config.h"

#include "tc-log-file.h"

#include "tc-peer-numbers.h"
#include "tc-recording.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_SIZE (64 * 1024)

/* How long the end of a log waits for a disk that takes nothing. */
#define STUCK_SECONDS 2

/* What the writing thread shares with the object. It is counted, so that
 * a thread stuck in write() can be left behind holding it while the
 * object goes. */
typedef struct
{
  /* set once, before the thread starts */
  char              *path;
  GMainContext      *context;      /* where "failed" is emitted */
  GWeakRef           owner;        /* the TcLogFile */

  /* under lock */
  GMutex             lock;
  GCond              cond;
  GQueue             chunks;       /* of Chunk */
  gsize              queued;
  guint64            queued_events;
  guint              busy_events;  /* in the chunk being written */
  gboolean           busy;
  gboolean           stop;
  gboolean           stuck;        /* a wait for it timed out */
  guint64            next_max_size; /* taken by the thread at each chunk */
  guint              next_keep;
  GError            *thread_error;
  gint               failed;       /* atomic: the thread gave up */
  gint               progress;     /* atomic: counts the writes that took bytes */

  /* the thread's */
  guint64            max_size;
  guint              keep;
  int                fd;
  gboolean           regular;      /* only a regular file is rotated */
  guint64            size;
} Writer;

typedef struct
{
  GBytes            *bytes;
  guint              events;
} Chunk;

struct _TcLogFile
{
  GObject            parent_instance;

  /* owned */
  Writer            *writer;
  GString           *pending;      /* whole lines the thread has not been given */
  TcPeerNumbers      conns;        /* as in recordings */
  GError            *error;        /* the first failure, seen from the main thread */
  GThread           *thread;

  /* borrowed */
  TcSession         *session;
  TcLogFileTextFunc  text_func;
  gpointer           text_data;

  /* plain state */
  TcLogFileFormat    format;
  guint              pending_events;
  GSource           *push_source;  /* on the writer's context */
  guint64            lost;         /* events not written: queue full or failed */
  guint64            lost_said;
};

enum
{
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TcLogFile, tc_log_file, G_TYPE_OBJECT)

static void
chunk_free (Chunk *chunk)
{
  g_bytes_unref (chunk->bytes);
  g_free (chunk);
}

static void
writer_clear (gpointer data)
{
  Writer *w = data;

  if (w->fd >= 0)
    close (w->fd);
  g_queue_clear_full (&w->chunks, (GDestroyNotify) chunk_free);
  g_clear_error (&w->thread_error);
  g_clear_pointer (&w->context, g_main_context_unref);
  g_weak_ref_clear (&w->owner);
  g_free (w->path);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
}

static void
writer_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, writer_clear);
}

/* ---- the writing thread ---- */

static int
open_log (const char  *path,
          gboolean    *regular,
          guint64     *size,
          GError     **error)
{
  struct stat st;
  int fd;
  int saved;

  fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot open %s: %s"), display, g_strerror (saved));
      return -1;
    }
  *regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
  *size = *regular ? (guint64) st.st_size : 0;

  return fd;
}

static gboolean
rotate (Writer  *w,
        GError **error)
{
  g_autofree char *display = g_filename_display_name (w->path);

  close (w->fd);
  w->fd = -1;

  for (guint i = w->keep; i > 0; i--)
    {
      g_autofree char *from = i > 1 ? g_strdup_printf ("%s.%u", w->path, i - 1)
                                    : g_strdup (w->path);
      g_autofree char *to = g_strdup_printf ("%s.%u", w->path, i);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot rotate %s: %s"), display, g_strerror (saved));
          return FALSE;
        }
    }
  if (w->keep == 0 && g_unlink (w->path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot rotate %s: %s"), display, g_strerror (saved));
      return FALSE;
    }

  w->fd = open_log (w->path, &w->regular, &w->size, error);
  return w->fd >= 0;
}

static gboolean
write_all (Writer      *w,
           const char  *p,
           gsize        len,
           GError     **error)
{
  while (len > 0)
    {
      gssize n = write (w->fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_autofree char *display = g_filename_display_name (w->path);
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot write %s: %s"), display, g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
      w->size += (guint64) n;
      g_atomic_int_inc (&w->progress);
    }

  return TRUE;
}

/* Whole lines, so that a rotation never cuts one; a line longer than the
 * limit goes alone into a file. */
static gboolean
write_chunk (Writer  *w,
             GBytes  *chunk,
             GError **error)
{
  gsize len;
  const char *p = g_bytes_get_data (chunk, &len);
  const char *end = p + len;

  if (w->max_size == 0 || !w->regular)
    return write_all (w, p, len, error);

  while (p < end)
    {
      const char *cut = p;

      /* As many lines as fit. */
      while (cut < end)
        {
          const char *nl = memchr (cut, '\n', (gsize) (end - cut));
          const char *next = nl != NULL ? nl + 1 : end;

          if (w->size + (guint64) (next - p) > w->max_size && (cut > p || w->size > 0))
            break;
          cut = next;
        }

      if (cut == p)
        {
          if (!rotate (w, error))
            return FALSE;
          continue;
        }
      if (!write_all (w, p, (gsize) (cut - p), error))
        return FALSE;
      p = cut;
    }

  return TRUE;
}

static gboolean
report_failure_cb (gpointer user_data)
{
  Writer *w = user_data;
  g_autoptr(TcLogFile) self = g_weak_ref_get (&w->owner);

  if (self == NULL || self->error != NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&w->lock);
  self->error = g_error_copy (w->thread_error);
  g_mutex_unlock (&w->lock);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, self->error);

  return G_SOURCE_REMOVE;
}

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  g_mutex_lock (&w->lock);
  for (;;)
    {
      Chunk *chunk;
      g_autoptr(GError) error = NULL;
      gboolean failed;

      while (g_queue_is_empty (&w->chunks) && !w->stop)
        g_cond_wait (&w->cond, &w->lock);
      if (g_queue_is_empty (&w->chunks))
        break;

      chunk = g_queue_pop_head (&w->chunks);
      w->busy = TRUE;
      w->busy_events = chunk->events;
      w->max_size = w->next_max_size;
      w->keep = w->next_keep;
      w->queued_events -= chunk->events;
      failed = w->thread_error != NULL;
      g_mutex_unlock (&w->lock);

      if (!failed && !write_chunk (w, chunk->bytes, &error))
        {
          g_mutex_lock (&w->lock);
          w->thread_error = g_steal_pointer (&error);
          g_mutex_unlock (&w->lock);
          g_atomic_int_set (&w->failed, 1);
          g_main_context_invoke_full (w->context, G_PRIORITY_DEFAULT, report_failure_cb,
                                      g_atomic_rc_box_acquire (w), writer_unref);
        }

      g_mutex_lock (&w->lock);
      w->queued -= g_bytes_get_size (chunk->bytes);
      w->busy = FALSE;
      w->busy_events = 0;
      chunk_free (chunk);
      g_cond_broadcast (&w->cond);
    }
  g_mutex_unlock (&w->lock);
  writer_unref (w);

  return NULL;
}

/* ---- the main thread's side ---- */

static void
push_pending (TcLogFile *self)
{
  Writer *w = self->writer;
  Chunk *chunk;

  if (self->push_source != NULL)
    {
      g_source_destroy (self->push_source);
      g_clear_pointer (&self->push_source, g_source_unref);
    }
  if (self->pending->len == 0)
    return;

  chunk = g_new (Chunk, 1);
  chunk->bytes = g_bytes_new (self->pending->str, self->pending->len);
  chunk->events = self->pending_events;
  g_string_truncate (self->pending, 0);
  self->pending_events = 0;

  g_mutex_lock (&w->lock);
  w->queued += g_bytes_get_size (chunk->bytes);
  w->queued_events += chunk->events;
  g_queue_push_tail (&w->chunks, chunk);
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->lock);
}

static gboolean
push_cb (gpointer user_data)
{
  TcLogFile *self = user_data;

  push_pending (self);

  return G_SOURCE_REMOVE;
}

/* Waits, under the lock, until the thread has written all it was given,
 * or has written nothing for STUCK_SECONDS; then it is marked stuck and
 * later waits give up at once. Returns the events left unwritten. */
static guint64
wait_drained (Writer *w)
{
  gint64 deadline = g_get_monotonic_time () + STUCK_SECONDS * G_USEC_PER_SEC;
  gint progress = g_atomic_int_get (&w->progress);

  while (!g_queue_is_empty (&w->chunks) || w->busy)
    {
      gint now_progress;

      if (w->stuck)
        return w->queued_events + w->busy_events;
      if (g_cond_wait_until (&w->cond, &w->lock, deadline))
        continue;
      now_progress = g_atomic_int_get (&w->progress);
      if (now_progress != progress)
        {
          progress = now_progress;
          deadline = g_get_monotonic_time () + STUCK_SECONDS * G_USEC_PER_SEC;
          continue;
        }
      if (g_get_monotonic_time () >= deadline)
        w->stuck = TRUE;
    }

  return 0;
}

static void
tc_log_file_dispose (GObject *object)
{
  TcLogFile *self = TC_LOG_FILE (object);

  tc_log_file_detach (self);
  if (self->thread != NULL)
    {
      Writer *w = self->writer;
      guint64 unwritten;

      push_pending (self);
      g_mutex_lock (&w->lock);
      w->stop = TRUE;
      g_cond_signal (&w->cond);
      unwritten = wait_drained (w);
      if (unwritten > 0)
        {
          /* Stuck in write(): left behind with what it holds, and it
           * writes nothing more should the disk ever wake. */
          g_queue_clear_full (&w->chunks, (GDestroyNotify) chunk_free);
          g_queue_init (&w->chunks);
        }
      g_mutex_unlock (&w->lock);
      if (unwritten > 0)
        g_thread_unref (g_steal_pointer (&self->thread));
      else
        g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->push_source != NULL)
    {
      g_source_destroy (self->push_source);
      g_clear_pointer (&self->push_source, g_source_unref);
    }

  G_OBJECT_CLASS (tc_log_file_parent_class)->dispose (object);
}

static void
tc_log_file_finalize (GObject *object)
{
  TcLogFile *self = TC_LOG_FILE (object);

  g_clear_pointer (&self->writer, writer_unref);
  g_clear_error (&self->error);
  tc_peer_numbers_clear (&self->conns);
  g_string_free (self->pending, TRUE);

  G_OBJECT_CLASS (tc_log_file_parent_class)->finalize (object);
}

static void
tc_log_file_class_init (TcLogFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_log_file_dispose;
  object_class->finalize = tc_log_file_finalize;

  /**
   * TcLogFile::failed:
   * @error: why, with the file's name
   *
   * The file could not be written (a full disk, no permission): logging
   * stopped, once, and the session goes on. Emitted in the main context
   * the log file was made in.
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1,
                                         G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tc_log_file_init (TcLogFile *self)
{
  Writer *w = g_atomic_rc_box_new0 (Writer);

  w->fd = -1;
  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  g_queue_init (&w->chunks);
  g_weak_ref_init (&w->owner, self);
  self->writer = w;
  self->pending = g_string_sized_new (CHUNK_SIZE);
  tc_peer_numbers_init (&self->conns);
}

/**
 * tc_log_file_new:
 * @path: the file, appended to (made if missing)
 * @max_size: rotate before the file would grow past this many bytes; 0
 *   for never
 * @keep: how many rotated files to keep (FILE.1 … FILE.@keep)
 *
 * Opens @path at once, so that a mistake is said now.
 *
 * Returns: (transfer full) (nullable): the log file, or %NULL with @error
 */
TcLogFile *
tc_log_file_new (const char       *path,
                 TcLogFileFormat   format,
                 guint64           max_size,
                 guint             keep,
                 GError          **error)
{
  g_autoptr(TcLogFile) self = NULL;
  Writer *w;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (keep <= TC_LOG_FILE_MAX_KEEP, NULL);

  self = g_object_new (TC_TYPE_LOG_FILE, NULL);
  w = self->writer;
  self->format = format;
  w->path = g_strdup (path);
  w->max_size = w->next_max_size = max_size;
  w->keep = w->next_keep = keep;
  w->context = g_main_context_ref_thread_default ();
  w->fd = open_log (path, &w->regular, &w->size, error);
  if (w->fd < 0)
    return NULL;
  self->thread = g_thread_new ("tc-log-file", writer_thread, g_atomic_rc_box_acquire (w));

  return g_steal_pointer (&self);
}

/**
 * tc_log_file_set_rotation:
 *
 * Changes the size limit and the count of files kept, for the events
 * written from now on, without reopening the file.
 */
void
tc_log_file_set_rotation (TcLogFile *self,
                          guint64    max_size,
                          guint      keep)
{
  g_return_if_fail (TC_IS_LOG_FILE (self));
  g_return_if_fail (keep <= TC_LOG_FILE_MAX_KEEP);

  g_mutex_lock (&self->writer->lock);
  self->writer->next_max_size = max_size;
  self->writer->next_keep = keep;
  g_mutex_unlock (&self->writer->lock);
}

void
tc_log_file_set_text_func (TcLogFile         *self,
                           TcLogFileTextFunc  func,
                           gpointer           user_data)
{
  g_return_if_fail (TC_IS_LOG_FILE (self));

  self->text_func = func;
  self->text_data = user_data;
}

/**
 * tc_log_file_format_time:
 *
 * ISO 8601 in local time, to the millisecond, with the zone's offset:
 * "2026-12-04T17:27:04.123+01:00".
 *
 * Returns: (transfer full): the text
 */
char *
tc_log_file_format_time (gint64 time_us)
{
  time_t t = (time_t) (time_us / G_USEC_PER_SEC);
  int ms = (int) ((time_us % G_USEC_PER_SEC) / 1000);
  char date[32];
  char zone[8];
  struct tm tm;

  localtime_r (&t, &tm);
  strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  strftime (zone, sizeof zone, "%z", &tm);

  /* %z gives +hhmm; the extended form of the date wants +hh:mm. */
  if (strlen (zone) == 5)
    return g_strdup_printf ("%s.%03d%.3s:%s", date, ms, zone, zone + 3);
  return g_strdup_printf ("%s.%03d%s", date, ms, zone);
}

static void
append_message_text (TcLogFile       *self,
                     GString         *out,
                     const TcMessage *message)
{
  if (self->text_func != NULL)
    {
      self->text_func (out, message, self->text_data);
    }
  else
    {
      g_autofree char *display = tc_message_dup_display (message);

      g_string_append (out, display);
    }
}

static void
append_reason (GString       *out,
               const TcEvent *event,
               const char    *what,
               const char    *no_reason)
{
  g_string_append (out, what);
  if (event->error != NULL)
    g_string_append_printf (out, ": %s", event->error->message);
  else if (no_reason != NULL)
    g_string_append_printf (out, ": %s", no_reason);
}

static void
append_text_message (TcLogFile       *self,
                     GString         *out,
                     const char      *direction,
                     const TcMessage *message)
{
  g_string_append (out, direction);
  append_message_text (self, out, message);
  tc_message_append_flags_note (out, message);
}

static void
append_text (TcLogFile     *self,
             GString       *out,
             const TcEvent *event)
{
  g_autofree char *stamp = tc_log_file_format_time (event->time_us);

  g_string_append (out, stamp);
  g_string_append_c (out, ' ');
  if (event->peer != NULL)
    g_string_append_printf (out, "[%s] ", event->peer);

  switch (event->kind)
    {
    case TC_EVENT_STATE:
      g_string_append_printf (out, "state %s", tc_socket_state_to_string (event->state));
      break;
    case TC_EVENT_PEER_CONNECTED:
      g_string_append (out, "connected");
      break;
    case TC_EVENT_PEER_CLOSED:
      append_reason (out, event, "disconnected", "closed");
      break;
    case TC_EVENT_PEER_REFUSED:
      append_reason (out, event, "rejected", "refused");
      break;
    case TC_EVENT_RECEIVED:
      append_text_message (self, out, "< ", event->message);
      break;
    case TC_EVENT_SENT:
      append_text_message (self, out, "> ", event->message);
      break;
    case TC_EVENT_ERROR:
      append_reason (out, event, "error", NULL);
      break;
    case TC_EVENT_INFO:
    default:
      g_string_append (out, event->text != NULL ? event->text : "info");
      break;
    }
  g_string_append_c (out, '\n');
}

static void
append_json_message (TcLogFile       *self,
                     GString         *out,
                     const TcMessage *message)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *terminator;
  gsize terminator_len;
  gsize wire_len;
  guchar *wire;
  char *b64;
  gboolean first = TRUE;

  terminator = tc_message_get_terminator (message, &terminator_len);
  wire_len = message->header_len + message->len + terminator_len;
  wire = g_malloc (MAX (wire_len, 1));
  if (message->header_len > 0)
    memcpy (wire, message->header, message->header_len);
  if (message->len > 0)
    memcpy (wire + message->header_len, message->data, message->len);
  if (terminator_len > 0)
    memcpy (wire + message->header_len + message->len, terminator, terminator_len);
  b64 = g_base64_encode (wire, wire_len);
  g_string_append_printf (out, ",\"b64\":\"%s\"", b64);
  g_free (b64);
  g_free (wire);

  append_message_text (self, text, message);
  g_string_append (out, ",\"text\":");
  tc_json_append_string (out, text->str);
  g_string_append_printf (out, ",\"len\":%" G_GSIZE_FORMAT, message->len);

  g_string_append (out, ",\"flags\":[");
  if (message->flags & TC_MESSAGE_FLAG_TRUNCATED)
    {
      g_string_append (out, "\"truncated\"");
      first = FALSE;
    }
  if (message->flags & TC_MESSAGE_FLAG_NO_TERMINATOR)
    {
      g_string_append (out, first ? "\"no_terminator\"" : ",\"no_terminator\"");
      first = FALSE;
    }
  if (message->flags & TC_MESSAGE_FLAG_CRLF)
    g_string_append (out, first ? "\"crlf\"" : ",\"crlf\"");
  g_string_append_c (out, ']');
  if (message->flags & TC_MESSAGE_FLAG_TRUNCATED)
    g_string_append_printf (out, ",\"discarded\":%" G_GUINT64_FORMAT, message->discarded);
}

static void
append_json (TcLogFile     *self,
             GString       *out,
             const TcEvent *event)
{
  g_autofree char *stamp = tc_log_file_format_time (event->time_us);
  guint conn = tc_peer_numbers_for_event (&self->conns, event);

  g_string_append_printf (out, "{\"t_us\":%" G_GINT64_FORMAT ",\"time\":\"%s\",\"kind\":\"%s\"",
                          event->time_us, stamp, tc_peer_numbers_kind_name (event->kind));
  if (conn != 0)
    g_string_append_printf (out, ",\"conn\":%u", conn);
  if (event->peer != NULL)
    {
      g_string_append (out, ",\"peer\":");
      tc_json_append_string (out, event->peer);
    }
  if (event->kind == TC_EVENT_STATE)
    g_string_append_printf (out, ",\"state\":\"%s\"", tc_socket_state_to_string (event->state));
  if (event->message != NULL)
    append_json_message (self, out, event->message);
  if (event->error != NULL)
    {
      g_string_append (out, ",\"reason\":");
      tc_json_append_string (out, event->error->message);
    }
  if (event->kind == TC_EVENT_INFO && event->text != NULL)
    {
      g_string_append (out, ",\"text\":");
      tc_json_append_string (out, event->text);
    }
  g_string_append (out, "}\n");
}

static void
append_lost_note (TcLogFile *self)
{
  guint64 n = self->lost - self->lost_said;
  g_autofree char *stamp = tc_log_file_format_time (g_get_real_time ());

  if (self->format == TC_LOG_FILE_FORMAT_JSONL)
    g_string_append_printf (self->pending,
                            "{\"t_us\":%" G_GINT64_FORMAT ",\"time\":\"%s\",\"kind\":\"info\","
                            "\"lost\":%" G_GUINT64_FORMAT ",\"text\":\"events not logged: "
                            "the file could not keep up\"}\n",
                            g_get_real_time (), stamp, n);
  else
    g_string_append_printf (self->pending,
                            "%s %" G_GUINT64_FORMAT " events not logged: the file could not "
                            "keep up\n", stamp, n);
  self->lost_said = self->lost;
}

/**
 * tc_log_file_write_event:
 *
 * Formats @event and queues it for the file; it is written within a main
 * loop iteration, without waiting for the disk here.
 */
void
tc_log_file_write_event (TcLogFile     *self,
                         const TcEvent *event)
{
  gsize queued;

  g_return_if_fail (TC_IS_LOG_FILE (self));
  g_return_if_fail (event != NULL);

  if (g_atomic_int_get (&self->writer->failed))
    {
      self->lost++;
      return;
    }

  g_mutex_lock (&self->writer->lock);
  queued = self->writer->queued;
  g_mutex_unlock (&self->writer->lock);
  if (queued + self->pending->len >= TC_LOG_FILE_MAX_QUEUED)
    {
      self->lost++;
      return;
    }
  if (self->lost > self->lost_said)
    append_lost_note (self);

  if (self->format == TC_LOG_FILE_FORMAT_JSONL)
    append_json (self, self->pending, event);
  else
    append_text (self, self->pending, event);
  self->pending_events++;

  if (self->pending->len >= CHUNK_SIZE)
    push_pending (self);
  else if (self->push_source == NULL)
    {
      self->push_source = g_idle_source_new ();
      g_source_set_priority (self->push_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->push_source, push_cb, self, NULL);
      g_source_set_static_name (self->push_source, "[tcpchat] log file");
      g_source_attach (self->push_source, self->writer->context);
    }
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  tc_log_file_write_event (user_data, event);
}

/**
 * tc_log_file_attach:
 * @session: (transfer none): the session whose events to write; it must
 *   outlive the attachment
 */
void
tc_log_file_attach (TcLogFile *self,
                    TcSession *session)
{
  g_return_if_fail (TC_IS_LOG_FILE (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = session;
  tc_session_add_event_func (session, session_event_cb, self);
}

void
tc_log_file_detach (TcLogFile *self)
{
  g_return_if_fail (TC_IS_LOG_FILE (self));

  if (self->session == NULL)
    return;
  tc_session_remove_event_func (self->session, session_event_cb, self);
  self->session = NULL;
}

/**
 * tc_log_file_flush:
 *
 * Waits until everything queued is written: at the end of a run, or
 * before the log file is closed. A disk that takes nothing for 2 seconds
 * is not waited for: @error (%G_IO_ERROR_TIMED_OUT) says how many events
 * were not written, and the log file can then be let go at once.
 *
 * Returns: whether all of it was; if not, @error says why
 */
gboolean
tc_log_file_flush (TcLogFile  *self,
                   GError    **error)
{
  Writer *w;
  guint64 unwritten;

  g_return_val_if_fail (TC_IS_LOG_FILE (self), FALSE);

  w = self->writer;
  push_pending (self);
  g_mutex_lock (&w->lock);
  unwritten = self->thread != NULL ? wait_drained (w) : 0;
  if (unwritten > 0)
    {
      g_autofree char *display = g_filename_display_name (w->path);

      g_mutex_unlock (&w->lock);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%zu event not written: %s took nothing for %d seconds",
                                "%zu events not written: %s took nothing for %d seconds",
                                (gsize) unwritten),
                   (gsize) unwritten, display, STUCK_SECONDS);
      return FALSE;
    }
  if (w->thread_error != NULL)
    {
      g_propagate_error (error, g_error_copy (w->thread_error));
      g_mutex_unlock (&w->lock);
      return FALSE;
    }
  g_mutex_unlock (&w->lock);

  return TRUE;
}

const char *
tc_log_file_get_path (TcLogFile *self)
{
  g_return_val_if_fail (TC_IS_LOG_FILE (self), NULL);
  return self->writer->path;
}

/* The failure that stopped logging, once the main context has seen it. */
const GError *
tc_log_file_get_error (TcLogFile *self)
{
  g_return_val_if_fail (TC_IS_LOG_FILE (self), NULL);
  return self->error;
}

/* Events not written: dropped while the queue was full, or after a failure. */
guint64
tc_log_file_get_lost (TcLogFile *self)
{
  g_return_val_if_fail (TC_IS_LOG_FILE (self), 0);
  return self->lost;
}

gboolean
tc_log_file_parse_format (const char      *text,
                          TcLogFileFormat *format)
{
  if (g_strcmp0 (text, "text") == 0)
    *format = TC_LOG_FILE_FORMAT_TEXT;
  else if (g_strcmp0 (text, "jsonl") == 0)
    *format = TC_LOG_FILE_FORMAT_JSONL;
  else
    return FALSE;
  return TRUE;
}

/**
 * tc_log_file_parse_size:
 * @text: bytes, with an optional K, M or G (KiB, MiB, GiB): "10M"
 *
 * Returns: whether @text is 0 or a size of at least
 *   %TC_LOG_FILE_MIN_SIZE bytes
 */
gboolean
tc_log_file_parse_size (const char *text,
                        guint64    *size)
{
  g_autofree char *digits = NULL;
  guint64 unit = 1;
  guint64 value;
  gsize len;

  if (text == NULL || (len = strlen (text)) == 0)
    return FALSE;
  switch (g_ascii_toupper (text[len - 1]))
    {
    case 'K': unit = 1024; len--; break;
    case 'M': unit = 1024 * 1024; len--; break;
    case 'G': unit = 1024 * 1024 * 1024; len--; break;
    default: break;
    }
  digits = g_strndup (text, len);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64 / unit, &value, NULL))
    return FALSE;
  value *= unit;
  if (value != 0 && value < TC_LOG_FILE_MIN_SIZE)
    return FALSE;
  *size = value;
  return TRUE;
}
