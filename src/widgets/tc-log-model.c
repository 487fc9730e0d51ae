/* tc-log-model.c: a bounded, batched list model of log entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-model.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "tc-length-framer.h"
#include "tc-widgets.h"

/* One held entry, in one allocation with its bytes: about 48 bytes of
 * overhead a line plus the ring slot. The peer label is a shared, interned
 * GRefString, so thousands of lines from one peer hold one copy of it.
 * A record never changes once made; a save holds a reference to each
 * record it writes, and an entry to the record of its bytes (taken and
 * given back on the main thread only), so that a save can write them
 * from a thread while the log moves on. */
typedef struct
{
  gint64    time_us;
  guint64   discarded;
  char     *peer;       /* GRefString or NULL */
  guint32   len;
  guint8    direction;
  guint8    flags;
  guint16   refs;       /* the model's, the saves' and the entries' under way */
  char      data[];     /* len bytes and a NUL */
} TcLogRecord;

/* The terminator is a flag bit, so a record is no bigger for it. A
 * message whose framing the flags cannot tell (a length prefix before it,
 * a delimiter or "\r" after it) keeps those bytes around it in data, so
 * that its bytes are the wire's, and their lengths in two bytes after the
 * NUL: RECORD_FRAMED says so. */
G_STATIC_ASSERT (TC_MESSAGE_FLAG_CRLF <= G_MAXUINT8);
#define RECORD_LINE_FLAGS (TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR | TC_MESSAGE_FLAG_CRLF)
#define RECORD_FRAMED     0x80
/* The header is a whole length prefix, read (as when it came) big endian,
 * or little endian with RECORD_PREFIX_LE: its width is the header's. */
#define RECORD_PREFIX     0x40
#define RECORD_PREFIX_LE  0x20
G_STATIC_ASSERT ((RECORD_LINE_FLAGS & (RECORD_FRAMED | RECORD_PREFIX | RECORD_PREFIX_LE)) == 0);
G_STATIC_ASSERT (sizeof (TcLogRecord) <= 32);

struct _TcLogModel
{
  GObject        parent_instance;

  /* owned */
  TcLogRecord  **ring;        /* ring_size slots, n used from head */
  GPtrArray     *pending;     /* TcLogRecord*, appended but not announced yet */

  /* plain state */
  guint          ring_size;
  guint          head;
  guint          n;
  guint          max_entries;
  gsize          max_bytes;
  gsize          held_bytes;    /* by the ring's records, headers included */
  gsize          pending_bytes; /* by the pending records */
  guint64        dropped;
  guint64        serial_base;   /* the serial of the ring's first record */
  gint64         start_us;      /* the first entry's time since made or cleared */
  guint          flush_source;
  guint          flush_idle_source; /* while busy: once reading pauses */
  gint64         last_flush_us;
  gboolean       busy;          /* the last flush announced a flood's worth */

  /* Clear can be undone once: what the last clear took, until forgotten. */
  GPtrArray     *cleared;       /* TcLogRecord*, oldest first, or NULL */
};

static void tc_log_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TcLogModel, tc_log_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tc_log_model_list_model_init))

enum {
  PROP_0,
  PROP_MAX_ENTRIES,
  PROP_MAX_BYTES,
  PROP_DROPPED,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tc_log_record_unref (gpointer data)
{
  TcLogRecord *record = data;

  if (record == NULL)
    return;
  g_assert (record->refs > 0);
  if (--record->refs > 0)
    return;
  g_clear_pointer (&record->peer, g_ref_string_release);
  g_free (record);
}

/* What a record costs in memory, as counted against max-bytes. */
static inline gsize
tc_log_record_size (const TcLogRecord *record)
{
  return sizeof (TcLogRecord) + record->len + 1 + ((record->flags & RECORD_FRAMED) ? 2 : 0);
}

/* The lengths of the framing bytes before and after a record's message. */
static inline void
tc_log_record_get_framing (const TcLogRecord *record,
                           guint             *header_len,
                           guint             *terminator_len)
{
  if (record->flags & RECORD_FRAMED)
    {
      *header_len = (guint8) record->data[record->len + 1];
      *terminator_len = (guint8) record->data[record->len + 2];
    }
  else
    {
      *header_len = 0;
      *terminator_len = 0;
    }
}

static inline TcLogRecord *
tc_log_model_nth (TcLogModel *self,
                  guint       i)
{
  g_assert (i < self->n);
  return self->ring[(self->head + i) % self->ring_size];
}

static inline guint
tc_log_model_n_items (TcLogModel *self)
{
  return self->n + (self->dropped > 0 ? 1 : 0);
}

static TcLogEntry *
tc_log_model_make_note (TcLogModel *self)
{
  g_autofree char *text = NULL;
  gint64 time_us = self->n > 0 ? tc_log_model_nth (self, 0)->time_us : g_get_real_time ();

  g_autofree char *budget = g_format_size_full (self->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

  text = g_strdup_printf (ngettext ("%" PRIu64 " older entry was dropped "
                                    "(the log keeps up to %u entries and %s)",
                                    "%" PRIu64 " older entries were dropped "
                                    "(the log keeps up to %u entries and %s)",
                                    (gulong) MIN (self->dropped, G_MAXULONG)),
                          self->dropped, self->max_entries, budget);
  return tc_log_entry_new (TC_LOG_DIRECTION_EVENT, time_us, NULL,
                           text, strlen (text), TC_MESSAGE_FLAG_NONE, 0);
}

/* An entry for a record. On the model's thread (@share) its bytes are the
 * record's, referenced: the list binds a couple of hundred rows, and a
 * copy of each of their messages (up to 64 KiB of binary each) would be
 * held beside the log's bound. A save's thread copies them, as record
 * references are taken on the model's thread only. */
static TcLogEntry *
tc_log_model_make_entry (TcLogRecord *record,
                         guint64      serial,
                         gboolean     share)
{
  guint header_len, terminator_len;
  gsize len;
  TcLogEntry *entry;

  tc_log_record_get_framing (record, &header_len, &terminator_len);
  len = record->len - header_len - terminator_len;
  if (share && record->refs < G_MAXUINT16)
    {
      g_autoptr(GBytes) bytes = NULL;

      record->refs++;
      bytes = g_bytes_new_with_free_func (record->data + header_len, len,
                                          tc_log_record_unref, record);
      entry = tc_log_entry_new_for_bytes (record->direction, record->time_us, record->peer,
                                          bytes, record->flags & RECORD_LINE_FLAGS,
                                          record->discarded);
    }
  else
    {
      entry = tc_log_entry_new (record->direction, record->time_us, record->peer,
                                record->data + header_len, len,
                                record->flags & RECORD_LINE_FLAGS, record->discarded);
    }
  tc_log_entry_set_origin (entry, serial, record->data, header_len,
                           (record->flags & RECORD_FRAMED)
                           ? record->data + record->len - terminator_len : NULL,
                           terminator_len);
  if (record->flags & RECORD_PREFIX)
    {
      TcLengthPrefix prefix = header_len == 1 ? TC_LENGTH_PREFIX_U8
                              : header_len == 2 ? TC_LENGTH_PREFIX_U16BE
                              : TC_LENGTH_PREFIX_U32BE;

      /* Each little endian prefix follows its big endian one. */
      if (record->flags & RECORD_PREFIX_LE)
        prefix++;
      tc_log_entry_set_prefix_value (entry, tc_length_prefix_decode (prefix,
                                                                     (const guint8 *) record->data));
    }
  return entry;
}

static GType
tc_log_model_get_item_type (GListModel *model)
{
  return TC_TYPE_LOG_ENTRY;
}

static guint
tc_log_model_get_n_items (GListModel *model)
{
  return tc_log_model_n_items (TC_LOG_MODEL (model));
}

static gpointer
tc_log_model_get_item (GListModel *model,
                       guint       position)
{
  TcLogModel *self = TC_LOG_MODEL (model);

  if (self->dropped > 0)
    {
      if (position == 0)
        return tc_log_model_make_note (self);
      position--;
    }
  if (position >= self->n)
    return NULL;

  return tc_log_model_make_entry (tc_log_model_nth (self, position),
                                  self->serial_base + position, TRUE);
}

static void
tc_log_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tc_log_model_get_item_type;
  iface->get_n_items = tc_log_model_get_n_items;
  iface->get_item = tc_log_model_get_item;
}

/* Moves the records from @first on, in order, to the start of a new ring
 * of @size; those before @first are the caller's to have released. */
static void
tc_log_model_unwrap (TcLogModel *self,
                     guint       first,
                     guint       size)
{
  TcLogRecord **ring = size > 0 ? g_new (TcLogRecord *, size) : NULL;

  g_assert (first <= self->n && self->n - first <= size);

  for (guint i = first; i < self->n; i++)
    ring[i - first] = tc_log_model_nth (self, i);
  g_free (self->ring);
  self->ring = ring;
  self->ring_size = size;
  self->head = 0;
  self->n -= first;
}

/* Makes room for one more record; the ring grows by doubling up to
 * max_entries and is unwrapped when it grows. */
static void
tc_log_model_grow (TcLogModel *self)
{
  g_assert (self->n == self->ring_size);
  g_assert (self->ring_size < self->max_entries);

  tc_log_model_unwrap (self, 0, MIN (self->max_entries, MAX (1024, self->ring_size * 2)));
}

static void
tc_log_model_free_ring (TcLogModel *self)
{
  for (guint i = 0; i < self->n; i++)
    tc_log_record_unref (tc_log_model_nth (self, i));
  g_clear_pointer (&self->ring, g_free);
  self->held_bytes = 0;
  self->ring_size = 0;
  self->head = 0;
  self->n = 0;
}

static void
tc_log_model_push (TcLogModel  *self,
                   TcLogRecord *record)
{
  g_assert (self->n < self->max_entries);

  if (self->n == self->ring_size)
    tc_log_model_grow (self);
  self->ring[(self->head + self->n) % self->ring_size] = record;
  self->n++;
  self->held_bytes += tc_log_record_size (record);
}

static inline gboolean
tc_log_model_over_budget (TcLogModel *self,
                          guint       n_entries,
                          gsize       n_bytes)
{
  return n_entries > self->max_entries || n_bytes > self->max_bytes;
}

static void
tc_log_model_drop_oldest (TcLogModel *self,
                          guint       count)
{
  g_assert (count <= self->n);

  for (guint i = 0; i < count; i++)
    {
      self->held_bytes -= tc_log_record_size (self->ring[self->head]);
      tc_log_record_unref (self->ring[self->head]);
      self->ring[self->head] = NULL;
      self->head = (self->head + 1) % self->ring_size;
    }
  self->n -= count;
  if (self->n == 0)
    self->head = 0;
}

/* Moves the pending records into the ring and tells the views, in two
 * steps that are each consistent on their own: first the oldest entries go
 * from the front (the note in front takes their place), then the new ones
 * are added at the end. */
void
tc_log_model_flush (TcLogModel *self)
{
  guint n_old, n_pending, n_total, excess, removed, first;
  guint note_old, note_new;
  gsize bytes;

  g_return_if_fail (TC_IS_LOG_MODEL (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_idle_source, g_source_remove);
  self->last_flush_us = g_get_monotonic_time ();

  n_pending = self->pending->len;
  self->busy = n_pending >= TC_LOG_MODEL_BUSY_ENTRIES ||
               self->pending_bytes >= TC_LOG_MODEL_BUSY_BYTES;
  if (n_pending == 0)
    return;

  n_old = self->n;
  note_old = self->dropped > 0 ? 1 : 0;

  /* The oldest go until both bounds hold: first from the ring, then, when
   * the new entries alone are too many or too big, the first of them, which
   * never show. The newest entry always stays. */
  n_total = n_old + n_pending;
  bytes = self->held_bytes + self->pending_bytes;
  for (removed = 0; removed < n_old && tc_log_model_over_budget (self, n_total, bytes); removed++)
    {
      bytes -= tc_log_record_size (tc_log_model_nth (self, removed));
      n_total--;
    }
  for (excess = 0; excess + 1 < n_pending && tc_log_model_over_budget (self, n_total, bytes); excess++)
    {
      bytes -= tc_log_record_size (g_ptr_array_index (self->pending, excess));
      n_total--;
    }
  first = excess;
  n_pending -= excess;
  self->pending_bytes = 0;

  if (excess + removed > 0)
    {
      tc_log_model_drop_oldest (self, removed);
      self->serial_base += removed;
      self->dropped += excess + removed;
      note_new = 1;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, note_old + removed, note_new);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
    }
  else
    {
      note_new = note_old;
    }

  for (guint i = first; i < self->pending->len; i++)
    {
      tc_log_model_push (self, g_ptr_array_index (self->pending, i));
      self->pending->pdata[i] = NULL;
    }
  /* Frees the excess records; the others now belong to the ring. */
  g_ptr_array_set_size (self->pending, 0);

  g_list_model_items_changed (G_LIST_MODEL (self), note_new + n_old - removed, 0, n_pending);
  if (self->n != n_old)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
}

/* Both the timeout and the idle source: the one running is forgotten
 * first, so that the flush removes only the other. */
static gboolean
tc_log_model_flush_cb (gpointer user_data)
{
  TcLogModel *self = user_data;

  if (self->flush_source == g_source_get_id (g_main_current_source ()))
    self->flush_source = 0;
  else
    self->flush_idle_source = 0;
  tc_log_model_flush (self);

  return G_SOURCE_REMOVE;
}

static void
tc_log_model_schedule_flush (TcLogModel *self)
{
  gint64 since_ms;
  guint interval_ms, delay_ms;

  if (self->flush_source != 0)
    return;

  /* Each announcement costs the window a layout of the rows it binds, and
   * a window reads below redrawing: under a flood, a frame per batch
   * would take most of the time from reading. A flood is announced less
   * often, and at once when the reading pauses (nothing at the windows'
   * reading priority is ready). */
  interval_ms = self->busy ? TC_LOG_MODEL_BUSY_FLUSH_INTERVAL_MS : TC_LOG_MODEL_FLUSH_INTERVAL_MS;
  since_ms = (g_get_monotonic_time () - self->last_flush_us) / 1000;
  delay_ms = since_ms >= interval_ms ? 0 : (guint) (interval_ms - since_ms);

  /* Default priority, like the sockets that feed us: a flood of lines
   * cannot starve the announcements. */
  self->flush_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms,
                                           tc_log_model_flush_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_source),
                            "[tcpchat] log model flush");
  if (self->busy && delay_ms > 0 && self->flush_idle_source == 0)
    {
      self->flush_idle_source = g_idle_add_full (TC_WINDOW_IO_PRIORITY + 10,
                                                 tc_log_model_flush_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_idle_source),
                                "[tcpchat] log model flush when reading pauses");
    }
}

static void
tc_log_model_dispose (GObject *object)
{
  TcLogModel *self = TC_LOG_MODEL (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_idle_source, g_source_remove);

  G_OBJECT_CLASS (tc_log_model_parent_class)->dispose (object);
}

static void
tc_log_model_finalize (GObject *object)
{
  TcLogModel *self = TC_LOG_MODEL (object);

  tc_log_model_free_ring (self);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->cleared, g_ptr_array_unref);

  G_OBJECT_CLASS (tc_log_model_parent_class)->finalize (object);
}

static void
tc_log_model_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TcLogModel *self = TC_LOG_MODEL (object);

  switch (prop_id)
    {
    case PROP_MAX_ENTRIES:
      g_value_set_uint (value, self->max_entries);
      break;
    case PROP_MAX_BYTES:
      g_value_set_uint64 (value, self->max_bytes);
      break;
    case PROP_DROPPED:
      g_value_set_uint64 (value, self->dropped);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_log_model_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TcLogModel *self = TC_LOG_MODEL (object);

  switch (prop_id)
    {
    case PROP_MAX_ENTRIES:
      tc_log_model_set_max_entries (self, g_value_get_uint (value));
      break;
    case PROP_MAX_BYTES:
      tc_log_model_set_max_bytes (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_log_model_class_init (TcLogModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_log_model_dispose;
  object_class->finalize = tc_log_model_finalize;
  object_class->get_property = tc_log_model_get_property;
  object_class->set_property = tc_log_model_set_property;

  properties[PROP_MAX_ENTRIES] =
    g_param_spec_uint ("max-entries", NULL, NULL,
                       1, G_MAXINT32, TC_LOG_MODEL_DEFAULT_MAX_ENTRIES,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_BYTES] =
    g_param_spec_uint64 ("max-bytes", NULL, NULL,
                         1, G_MAXSIZE, TC_LOG_MODEL_DEFAULT_MAX_BYTES,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DROPPED] =
    g_param_spec_uint64 ("dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tc_log_model_init (TcLogModel *self)
{
  self->max_entries = TC_LOG_MODEL_DEFAULT_MAX_ENTRIES;
  self->max_bytes = TC_LOG_MODEL_DEFAULT_MAX_BYTES;
  self->pending = g_ptr_array_new_with_free_func (tc_log_record_unref);
}

TcLogModel *
tc_log_model_new (void)
{
  return g_object_new (TC_TYPE_LOG_MODEL, NULL);
}

/* One record: the message's bytes, and the framing around it when the
 * flags cannot tell it (framed: a header, a terminator other than the
 * flags', or none where the flags would say "\n"). */
static void
append_framed (TcLogModel     *self,
               TcLogDirection  direction,
               gint64          time_us,
               const char     *peer,
               gboolean        framed,
               guint8          prefix_bits,
               const char     *header,
               gsize           header_len,
               const char     *data,
               gsize           size,
               const char     *terminator,
               gsize           terminator_len,
               TcMessageFlags     flags,
               guint64         discarded)
{
  TcLogRecord *record;
  gsize total;

  g_assert (header_len <= G_MAXUINT8 && terminator_len <= G_MAXUINT8);
  g_assert (framed || (header_len == 0 && terminator_len == 0));
  g_assert (framed || prefix_bits == 0);

  if (size > G_MAXUINT32 - header_len - terminator_len)
    {
      discarded += size - (G_MAXUINT32 - header_len - terminator_len);
      size = G_MAXUINT32 - header_len - terminator_len;
      flags |= TC_MESSAGE_FLAG_TRUNCATED;
    }
  total = header_len + size + terminator_len;

  record = g_malloc (sizeof (TcLogRecord) + total + 1 + (framed ? 2 : 0));
  record->time_us = time_us != 0 ? time_us : g_get_real_time ();
  record->discarded = discarded;
  record->peer = peer != NULL ? g_ref_string_new_intern (peer) : NULL;
  record->len = (guint32) total;
  record->direction = (guint8) direction;
  record->flags = (guint8) ((flags & RECORD_LINE_FLAGS) | (framed ? RECORD_FRAMED : 0) | prefix_bits);
  record->refs = 1;
  if (header_len > 0)
    memcpy (record->data, header, header_len);
  memcpy (record->data + header_len, data, size);
  if (terminator_len > 0)
    memcpy (record->data + header_len + size, terminator, terminator_len);
  record->data[total] = '\0';
  if (framed)
    {
      record->data[total + 1] = (char) header_len;
      record->data[total + 2] = (char) terminator_len;
    }

  if (self->start_us == 0)
    self->start_us = record->time_us;
  g_ptr_array_add (self->pending, record);
  self->pending_bytes += tc_log_record_size (record);

  /* Never hold more than a full log's worth of entries, or an eighth of its
   * memory bound, unannounced: that is all the log can be over its bounds
   * until the next flush. */
  if (self->pending->len >= self->max_entries || self->pending_bytes >= self->max_bytes / 8)
    tc_log_model_flush (self);
  else
    tc_log_model_schedule_flush (self);
}

/* Adds one entry; it shows up at the next flush (within a frame). len -1
 * means data is NUL-terminated; time_us 0 means now. The bytes are copied.
 * For a line, the flags tell its terminator: none of CRLF and NO_TERMINATOR
 * is "\n", as the windows send. */
void
tc_log_model_append (TcLogModel     *self,
                     TcLogDirection  direction,
                     gint64          time_us,
                     const char     *peer,
                     const char     *data,
                     gssize          len,
                     TcMessageFlags     flags,
                     guint64         discarded)
{
  g_return_if_fail (TC_IS_LOG_MODEL (self));
  g_return_if_fail (data != NULL || len <= 0);

  if (data == NULL)
    data = "";
  append_framed (self, direction, time_us, peer, FALSE, 0, NULL, 0,
                 data, len < 0 ? strlen (data) : (gsize) len, NULL, 0, flags, discarded);
}

/* The record bits that say how a whole length prefix was read when its
 * message came (a later framing may read it otherwise); the value is
 * not stored, as the prefix's bytes and byte order give it back. */
static guint8
record_prefix_bits (const TcMessage *line,
                    gsize            header_len)
{
  const guint8 *header = (const guint8 *) line->header;
  TcLengthPrefix big;

  if (!line->has_prefix_value)
    return 0;
  switch (header_len)
    {
    case 1:
      big = TC_LENGTH_PREFIX_U8;
      break;
    case 2:
      big = TC_LENGTH_PREFIX_U16BE;
      break;
    case 4:
      big = TC_LENGTH_PREFIX_U32BE;
      break;
    default:
      return 0;
    }
  if (tc_length_prefix_decode (big, header) == line->prefix_value)
    return RECORD_PREFIX;
  if (header_len > 1 && tc_length_prefix_decode (big + 1, header) == line->prefix_value)
    return RECORD_PREFIX | RECORD_PREFIX_LE;
  return 0;
}

/* A message as it came: a length prefix before it, or a terminator the
 * flags cannot tell ("\r", a delimiter), kept around it, so that a
 * byte-exact save writes what crossed the wire. */
void
tc_log_model_append_line (TcLogModel     *self,
                          TcLogDirection  direction,
                          const char     *peer,
                          const TcMessage   *line)
{
  const char *terminator;
  const char *usual;
  gsize terminator_len;
  gsize header_len;
  gboolean framed;

  g_return_if_fail (TC_IS_LOG_MODEL (self));
  g_return_if_fail (line != NULL);

  header_len = line->header != NULL ? line->header_len : 0;
  terminator = tc_message_get_terminator (line, &terminator_len);
  usual = tc_message_flags_get_terminator (line->flags);
  /* A fixed or raw message has no terminator, where the flags would say "\n". */
  framed = header_len > 0 || terminator_len != strlen (usual) ||
           memcmp (terminator, usual, terminator_len) != 0;
  if (!framed)
    terminator_len = 0;
  if (header_len > G_MAXUINT8 || terminator_len > G_MAXUINT8)
    header_len = terminator_len = 0;

  append_framed (self, direction, line->time_us, peer, framed,
                 header_len > 0 ? record_prefix_bits (line, header_len) : 0, line->header, header_len,
                 line->data != NULL ? line->data : "", line->len,
                 terminator, terminator_len, line->flags, line->discarded);
}

static void
append_valist (TcLogModel     *self,
               TcLogDirection  direction,
               const char     *peer,
               const char     *format,
               va_list         args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  tc_log_model_append (self, direction, 0, peer, text, -1, TC_MESSAGE_FLAG_NONE, 0);
}

/* A note of the model's own, in place of a message: see
 * tc_log_model_append_event() and tc_log_model_append_error().
 */
void
tc_log_model_append_printf (TcLogModel     *self,
                            TcLogDirection  direction,
                            const char     *peer,
                            const char     *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  append_valist (self, direction, peer, format, args);
  va_end (args);
}

/* A sent message, one entry per line as the peer will read it: the bytes as
 * they went, "\r" included, the "\n" between lines left out; the last
 * ends as the message did (CRLF, or no line ending at all). */
static void
append_sent (TcLogModel    *self,
             const char    *peer,
             const TcEvent *event)
{
  const char *text = event->message->data;
  const char *end = text + event->message->len;

  for (;;)
    {
      const char *newline = memchr (text, '\n', (gsize) (end - text));
      const char *stop = newline != NULL ? newline : end;

      TcMessageFlags flags = TC_MESSAGE_FLAG_NONE;

      if (newline == NULL)
        flags = event->message->flags & (TC_MESSAGE_FLAG_CRLF | TC_MESSAGE_FLAG_NO_TERMINATOR);
      tc_log_model_append (self, TC_LOG_DIRECTION_SENT, event->time_us, peer,
                           text, stop - text, flags, 0);
      if (newline == NULL)
        break;
      text = newline + 1;
    }
}

/**
 * tc_log_model_append_session_event:
 * @event: an event of a #TcSession
 * @peer: (nullable): shown in place of the event's own peer
 *
 * The one place an event becomes log entries: a message as its bytes, a
 * state as its sentence and its name, anything else as its sentence, an
 * error when it is a failure.
 */
void
tc_log_model_append_session_event (TcLogModel    *self,
                                   const TcEvent *event,
                                   const char    *peer)
{
  g_return_if_fail (TC_IS_LOG_MODEL (self));
  g_return_if_fail (event != NULL);

  if (peer == NULL)
    peer = event->peer;

  switch (event->kind)
    {
    case TC_EVENT_RECEIVED:
      tc_log_model_append_line (self, TC_LOG_DIRECTION_RECEIVED, peer, event->message);
      break;
    case TC_EVENT_SENT:
      append_sent (self, peer, event);
      return;
    case TC_EVENT_STATE:
      tc_log_model_append_event (self, peer, "%s (%s)", event->text,
                                 tc_socket_state_to_string (event->state));
      return;
    case TC_EVENT_PEER_CONNECTED:
    case TC_EVENT_PEER_CLOSED:
    case TC_EVENT_PEER_REFUSED:
    case TC_EVENT_ERROR:
    case TC_EVENT_INFO:
    default:
      break;
    }

  if (event->text == NULL)
    return;
  if (event->failure)
    tc_log_model_append_error (self, peer, "%s", event->text);
  else
    tc_log_model_append_event (self, peer, "%s", event->text);
}

/* Undoing a clear */

/* The ring's records then the pending ones, oldest first, moved out of the
 * model (their references with them): the model is left empty. */
static GPtrArray *
tc_log_model_take_records (TcLogModel *self)
{
  GPtrArray *records = g_ptr_array_new_full (self->n + self->pending->len, tc_log_record_unref);
  g_autofree gpointer *pending = NULL;
  gsize n_pending = 0;

  for (guint i = 0; i < self->n; i++)
    g_ptr_array_add (records, tc_log_model_nth (self, i));
  g_clear_pointer (&self->ring, g_free);
  self->held_bytes = 0;
  self->ring_size = 0;
  self->head = 0;
  self->n = 0;

  pending = g_ptr_array_steal (self->pending, &n_pending);
  for (gsize i = 0; i < n_pending; i++)
    g_ptr_array_add (records, pending[i]);
  self->pending_bytes = 0;

  return records;
}

/* Empties the model and tells the views; returns what it held. */
static GPtrArray *
tc_log_model_empty (TcLogModel *self)
{
  guint n_items = tc_log_model_n_items (self);
  guint n_old = self->n;
  GPtrArray *records;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->flush_idle_source, g_source_remove);
  self->busy = FALSE;
  records = tc_log_model_take_records (self);
  self->serial_base += n_old;
  self->start_us = 0;

  if (self->dropped > 0)
    {
      self->dropped = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
    }
  if (n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_items, 0);
  if (n_old > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);

  return records;
}

/* What is cleared is kept (only the last clear's) until
 * tc_log_model_forget_cleared() or tc_log_model_undo_clear(). */
void
tc_log_model_clear (TcLogModel *self)
{
  g_return_if_fail (TC_IS_LOG_MODEL (self));

  g_clear_pointer (&self->cleared, g_ptr_array_unref);
  self->cleared = tc_log_model_empty (self);
}

gboolean
tc_log_model_can_undo_clear (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), FALSE);
  return self->cleared != NULL;
}

/* The cleared entries are let go: their memory is outside the bounds. */
void
tc_log_model_forget_cleared (TcLogModel *self)
{
  g_return_if_fail (TC_IS_LOG_MODEL (self));
  g_clear_pointer (&self->cleared, g_ptr_array_unref);
}

/**
 * tc_log_model_undo_clear:
 *
 * Puts back what the last clear took, before what came since; the bounds
 * hold as for any entries. Returns: FALSE if there is nothing to undo
 */
gboolean
tc_log_model_undo_clear (TcLogModel *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) since = NULL;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), FALSE);

  if (self->cleared == NULL)
    return FALSE;

  records = g_steal_pointer (&self->cleared);
  since = tc_log_model_empty (self);
  g_ptr_array_extend_and_steal (records, g_steal_pointer (&since));

  for (guint i = 0; i < records->len; i++)
    {
      TcLogRecord *record = g_ptr_array_index (records, i);

      if (self->start_us == 0)
        self->start_us = record->time_us;
      g_ptr_array_add (self->pending, record);
      self->pending_bytes += tc_log_record_size (record);
    }
  g_free (g_ptr_array_steal (records, NULL));
  tc_log_model_flush (self);

  return TRUE;
}

/* Entries held and announced (the drop note not counted). */
guint
tc_log_model_get_n_entries (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->n;
}

/* Entries appended but not yet announced. */
guint
tc_log_model_get_n_pending (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->pending->len;
}

/* When the log began: the time of its first entry since it was made or
 * cleared (dropped or not), or 0 while it has none. */
gint64
tc_log_model_get_start_time_us (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->start_us;
}

guint64
tc_log_model_get_dropped (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->dropped;
}

guint
tc_log_model_get_max_entries (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->max_entries;
}

/* Changes the bound; entries beyond it are dropped at once. */
void
tc_log_model_set_max_entries (TcLogModel *self,
                              guint       max_entries)
{
  g_return_if_fail (TC_IS_LOG_MODEL (self));
  g_return_if_fail (max_entries > 0);

  if (self->max_entries == max_entries)
    return;

  tc_log_model_flush (self);

  if (max_entries < self->n)
    {
      guint n_old = self->n;
      guint note_old = self->dropped > 0 ? 1 : 0;
      guint excess = self->n - max_entries;

      for (guint i = 0; i < excess; i++)
        {
          self->held_bytes -= tc_log_record_size (tc_log_model_nth (self, i));
          tc_log_record_unref (tc_log_model_nth (self, i));
        }
      tc_log_model_unwrap (self, excess, max_entries);
      self->dropped += excess;
      self->serial_base += excess;
      self->max_entries = max_entries;

      g_list_model_items_changed (G_LIST_MODEL (self), 0, note_old + excess, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
      if (self->n != n_old)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
    }
  else
    {
      /* Unwrap into an array no larger than the new bound. */
      tc_log_model_unwrap (self, 0, MAX (self->n, MIN (self->ring_size, max_entries)));
      self->max_entries = max_entries;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ENTRIES]);
}

guint64
tc_log_model_get_max_bytes (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->max_bytes;
}

guint64
tc_log_model_get_held_bytes (TcLogModel *self)
{
  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  return self->held_bytes + self->pending_bytes;
}

/* Changes the memory bound; the oldest entries beyond it go at once (the
 * newest always stays). */
void
tc_log_model_set_max_bytes (TcLogModel *self,
                            guint64     max_bytes)
{
  guint removed = 0;
  gsize bytes;

  g_return_if_fail (TC_IS_LOG_MODEL (self));
  g_return_if_fail (max_bytes > 0);

  max_bytes = MIN (max_bytes, G_MAXSIZE);
  if (self->max_bytes == max_bytes)
    return;

  tc_log_model_flush (self);
  self->max_bytes = max_bytes;

  for (bytes = self->held_bytes; removed + 1 < self->n && bytes > self->max_bytes; removed++)
    bytes -= tc_log_record_size (tc_log_model_nth (self, removed));

  if (removed > 0)
    {
      guint note_old = self->dropped > 0 ? 1 : 0;

      tc_log_model_drop_oldest (self, removed);
      self->dropped += removed;
      self->serial_base += removed;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, note_old + removed, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BYTES]);
}

/**
 * tc_log_model_find_previous:
 * @entry: an entry of this model
 * @max_steps: how many entries above it to look at, at most
 * @time_us: (out): the time of the one found
 *
 * The entry before @entry from the same peer in the same direction, for
 * the gap between them. Records are looked at in place: no entry is made.
 *
 * Returns: whether there is one within @max_steps (FALSE too when @entry
 *   is no longer held)
 */
gboolean
tc_log_model_find_previous (TcLogModel *self,
                            TcLogEntry *entry,
                            guint       max_steps,
                            gint64     *time_us)
{
  guint64 serial;
  const char *peer;
  guint position;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (TC_IS_LOG_ENTRY (entry), FALSE);
  g_return_val_if_fail (time_us != NULL, FALSE);

  serial = tc_log_entry_get_serial (entry);
  if (serial < self->serial_base || serial - self->serial_base >= self->n)
    return FALSE;
  position = (guint) (serial - self->serial_base);
  peer = tc_log_entry_get_peer (entry);

  for (guint step = 0; step < max_steps && position > 0; step++)
    {
      TcLogRecord *record = tc_log_model_nth (self, --position);

      if (record->direction == (guint8) tc_log_entry_get_direction (entry) &&
          g_strcmp0 (record->peer, peer) == 0)
        {
          *time_us = record->time_us;
          return TRUE;
        }
    }
  return FALSE;
}

/* Searching */

/* The note in front, as a filter and a search see it. */
static gboolean
note_passes (TcLogModel        *self,
             const TcLogFilter *filter,
             const TcLogQuery  *query)
{
  g_autoptr(TcLogEntry) note = NULL;
  gsize len;
  const char *data;

  if (self->dropped == 0)
    return FALSE;
  note = tc_log_model_make_note (self);
  data = g_bytes_get_data (tc_log_entry_get_bytes (note), &len);
  if (!tc_log_filter_accepts (filter, TC_LOG_DIRECTION_EVENT, NULL, data, len))
    return FALSE;
  return query == NULL || tc_log_query_find (query, data, len, 0, NULL, NULL);
}

/* Whether a view with @filter (%NULL: none) shows @record. */
static gboolean
record_shown (const TcLogRecord *record,
              const TcLogFilter *filter)
{
  return filter == NULL ||
         tc_log_filter_accepts (filter, record->direction, record->peer, record->data, record->len);
}

/* A regular expression over every entry at once: the entries shown that
 * are valid UTF-8 with no "\n" go into one text, a line each; the others
 * are asked one by one, over their bytes. */
static guint
find_lines (TcLogModel        *self,
            const TcLogQuery  *query,
            const TcLogFilter *filter,
            GArray            *positions,
            guint              shown)
{
  g_autofree gboolean *hits = g_new0 (gboolean, self->n);
  g_autofree gboolean *passes = g_new0 (gboolean, self->n);
  g_autofree gboolean *line_hits = NULL;
  g_autofree gsize *starts = g_new (gsize, self->n);
  g_autofree guint *lines = g_new (guint, self->n);
  g_autoptr(GString) text = g_string_sized_new (self->held_bytes);
  guint n_lines = 0;

  for (guint i = 0; i < self->n; i++)
    {
      TcLogRecord *record = tc_log_model_nth (self, i);

      if (!record_shown (record, filter))
        continue;
      passes[i] = TRUE;
      if (g_utf8_validate_len (record->data, record->len, NULL) &&
          memchr (record->data, '\n', record->len) == NULL &&
          text->len + record->len + 1 <= G_MAXINT)
        {
          starts[n_lines] = text->len;
          lines[n_lines++] = i;
          g_string_append_len (text, record->data, record->len);
          g_string_append_c (text, '\n');
        }
      else
        {
          hits[i] = tc_log_query_find (query, record->data, record->len, 0, NULL, NULL);
        }
    }

  line_hits = g_new0 (gboolean, MAX (n_lines, 1));
  tc_log_query_find_lines (query, text->str, text->len, starts, n_lines, line_hits);
  for (guint k = 0; k < n_lines; k++)
    hits[lines[k]] = line_hits[k];

  for (guint i = 0; i < self->n; i++)
    {
      if (!passes[i])
        continue;
      if (hits[i])
        g_array_append_val (positions, shown);
      shown++;
    }

  return positions->len;
}

/**
 * tc_log_model_find:
 * @query: what to look for
 * @filter: (nullable): what a view shows of the log
 * @positions: (element-type guint): filled with the positions of the
 *   entries that match, in the list @filter makes of the model's items
 *
 * Looks for @query in the bytes of every entry held (pending ones are
 * flushed first); makes no objects, so it is fast enough to run over a
 * full log as a person types.
 *
 * Returns: the number of matches
 */
guint
tc_log_model_find (TcLogModel        *self,
                   const TcLogQuery  *query,
                   const TcLogFilter *filter,
                   GArray            *positions)
{
  guint shown = 0;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);
  g_return_val_if_fail (query != NULL, 0);
  g_return_val_if_fail (positions != NULL, 0);

  tc_log_model_flush (self);
  g_array_set_size (positions, 0);
  if (!tc_log_filter_is_active (filter))
    filter = NULL;

  if (self->dropped > 0)
    {
      if (note_passes (self, filter, query))
        g_array_append_val (positions, shown);
      if (note_passes (self, filter, NULL))
        shown++;
    }

  if (tc_log_query_wants_lines (query) && self->n > 0)
    return find_lines (self, query, filter, positions, shown);

  for (guint i = 0; i < self->n; i++)
    {
      TcLogRecord *record = tc_log_model_nth (self, i);

      if (!record_shown (record, filter))
        continue;
      if (tc_log_query_find (query, record->data, record->len, 0, NULL, NULL))
        g_array_append_val (positions, shown);
      shown++;
    }

  return positions->len;
}

/* How many items a view with @filter shows. */
guint
tc_log_model_count_shown (TcLogModel        *self,
                          const TcLogFilter *filter)
{
  guint shown = 0;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), 0);

  if (!tc_log_filter_is_active (filter))
    return tc_log_model_n_items (self);
  if (note_passes (self, filter, NULL))
    shown++;
  for (guint i = 0; i < self->n; i++)
    {
      TcLogRecord *record = tc_log_model_nth (self, i);

      if (record_shown (record, filter))
        shown++;
    }
  return shown;
}

/* Saving */

/* What a save writes: the records the log held when it began, each with a
 * reference, and the note of what it had dropped by then. */
static const char save_source_tag[] = "tc_log_snapshot_save_async";

struct _TcLogSnapshot
{
  TcLogRecord     **records;
  guint             n;
  TcLogSaveFormat   format;
  char             *note;        /* readable form only, NULL if none dropped */
  gint              n_written;   /* records done, atomic: the progress */
};

/**
 * tc_log_model_snapshot:
 * @format: the form it is to be written in
 *
 * Takes what the log holds now (pending entries included) for a save, in
 * a form that tc_log_snapshot_write() can write from any thread while the
 * log goes on changing. Free it with tc_log_snapshot_free(), on the
 * thread of the model.
 */
TcLogSnapshot *
tc_log_model_snapshot (TcLogModel      *self,
                       TcLogSaveFormat  format)
{
  TcLogSnapshot *snapshot;
  guint n = 0;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), NULL);

  tc_log_model_flush (self);

  snapshot = g_new0 (TcLogSnapshot, 1);
  snapshot->format = format;
  snapshot->records = g_new (TcLogRecord *, MAX (self->n, 1));
  for (guint i = 0; i < self->n; i++)
    {
      TcLogRecord *record = tc_log_model_nth (self, i);

      if (format == TC_LOG_SAVE_READABLE ||
          (format == TC_LOG_SAVE_RECEIVED && record->direction == TC_LOG_DIRECTION_RECEIVED) ||
          (format == TC_LOG_SAVE_SENT && record->direction == TC_LOG_DIRECTION_SENT))
        {
          g_assert (record->refs < G_MAXUINT16);
          record->refs++;
          snapshot->records[n++] = record;
        }
    }
  snapshot->n = n;

  if (format == TC_LOG_SAVE_READABLE && self->dropped > 0)
    {
      g_autoptr(TcLogEntry) note = tc_log_model_make_note (self);

      snapshot->note = tc_log_entry_format_dated (note);
    }

  return snapshot;
}

void
tc_log_snapshot_free (TcLogSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  for (guint i = 0; i < snapshot->n; i++)
    tc_log_record_unref (snapshot->records[i]);
  g_free (snapshot->records);
  g_free (snapshot->note);
  g_free (snapshot);
}

/* The number of entries the save writes. */
guint
tc_log_snapshot_get_n_entries (TcLogSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);

  return snapshot->n;
}

/* How far tc_log_snapshot_write() has come, from 0 to 1; any thread. */
double
tc_log_snapshot_get_fraction (TcLogSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0.0);

  if (snapshot->n == 0)
    return 1.0;
  return (double) g_atomic_int_get (&snapshot->n_written) / snapshot->n;
}

#define WRITE_CHUNK (256 * 1024)

static void
append_record (GString         *out,
               TcLogSaveFormat  format,
               TcLogRecord     *record)
{
  if (format == TC_LOG_SAVE_READABLE)
    {
      g_autoptr(TcLogEntry) entry = tc_log_model_make_entry (record, 0, FALSE);
      g_autofree char *line = tc_log_entry_format_dated (entry);

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  else
    {
      /* A framed record's data is already the wire's. */
      g_string_append_len (out, record->data, record->len);
      if (!(record->flags & RECORD_FRAMED))
        g_string_append (out, tc_message_flags_get_terminator (record->flags));
    }
}

/**
 * tc_log_snapshot_write:
 *
 * Writes the snapshot to @stream in pieces of about 256 KiB, from any
 * thread (one at a time); the progress shows in
 * tc_log_snapshot_get_fraction(). The stream is not closed.
 */
gboolean
tc_log_snapshot_write (TcLogSnapshot  *snapshot,
                       GOutputStream  *stream,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  out = g_string_sized_new (WRITE_CHUNK + 1024);
  g_atomic_int_set (&snapshot->n_written, 0);
  if (snapshot->note != NULL)
    {
      g_string_append (out, snapshot->note);
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < snapshot->n; i++)
    {
      append_record (out, snapshot->format, snapshot->records[i]);
      if (out->len >= WRITE_CHUNK || i + 1 == snapshot->n)
        {
          if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (out, 0);
          g_atomic_int_set (&snapshot->n_written, (gint) (i + 1));
        }
    }
  if (out->len > 0 &&
      !g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;

  return TRUE;
}

/* Writes a replacement for @file; on any error, or when cancelled, the
 * file is left as it was. */
static gboolean
write_file (TcLogSnapshot  *snapshot,
            GFile          *file,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abort = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (tc_log_snapshot_write (snapshot, G_OUTPUT_STREAM (stream), cancellable, error))
    return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);

  /* Closed with a cancelled cancellable, a replacement is dropped and the
   * original stays. */
  abort = g_cancellable_new ();
  g_cancellable_cancel (abort);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
  return FALSE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TcLogSnapshot *snapshot = g_object_get_data (G_OBJECT (task), "tc-snapshot");
  GError *error = NULL;

  if (write_file (snapshot, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * tc_log_snapshot_save_async:
 * @snapshot: (transfer none): kept by the caller until @callback ran
 *
 * Writes @snapshot to @file from a thread; the main loop goes on.
 */
void
tc_log_snapshot_save_async (TcLogSnapshot       *snapshot,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) save_source_tag);
  g_task_set_name (task, save_source_tag);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  /* Borrowed: the snapshot must be freed on the model's thread, and the
   * task may be dropped last in the worker thread. */
  g_object_set_data (G_OBJECT (task), "tc-snapshot", snapshot);
  g_task_run_in_thread (task, save_thread);
}

gboolean
tc_log_snapshot_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == save_source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The whole log (pending entries included) as a file's contents. */
GBytes *
tc_log_model_serialize (TcLogModel      *self,
                        TcLogSaveFormat  format)
{
  g_autoptr(GOutputStream) stream = NULL;
  TcLogSnapshot *snapshot;
  gboolean ok;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), NULL);

  snapshot = tc_log_model_snapshot (self, format);
  stream = g_memory_output_stream_new_resizable ();
  ok = tc_log_snapshot_write (snapshot, stream, NULL, NULL) &&
       g_output_stream_close (stream, NULL, NULL);
  g_assert (ok);
  tc_log_snapshot_free (snapshot);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

/* The same as tc_log_model_serialize(), written to @file; blocks. */
gboolean
tc_log_model_save (TcLogModel       *self,
                   GFile            *file,
                   TcLogSaveFormat   format,
                   GCancellable     *cancellable,
                   GError          **error)
{
  TcLogSnapshot *snapshot;
  gboolean ok;

  g_return_val_if_fail (TC_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  snapshot = tc_log_model_snapshot (self, format);
  ok = write_file (snapshot, file, cancellable, error);
  tc_log_snapshot_free (snapshot);

  return ok;
}
