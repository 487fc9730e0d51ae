/* tc-log-entry.c: one row of a log, as an item of TcLogModel
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-entry.h"

#include "tc-common-enums.h"
#include "tc-log-file.h"
#include "tc-text.h"
#include "tc-widgets.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

struct _TcLogEntry
{
  GObject         parent_instance;

  /* owned */
  char           *peer;
  GBytes         *bytes;
  GBytes         *header;       /* a length prefix as it came, or NULL */
  GBytes         *terminator;   /* what ended it when the flags cannot tell, or NULL */

  /* plain state */
  gint64          time_us;
  guint64         discarded;
  TcLogDirection  direction;
  TcMessageFlags     flags;
  guint64         serial;       /* its place in the model's whole history */
  guint64         prefix_value; /* what the header said, when has_prefix_value */
  gboolean        has_prefix_value;
};

G_DEFINE_FINAL_TYPE (TcLogEntry, tc_log_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_TIME_US,
  PROP_PEER,
  PROP_TEXT,
  PROP_FLAGS,
  PROP_DISCARDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tc_log_entry_finalize (GObject *object)
{
  TcLogEntry *self = TC_LOG_ENTRY (object);

  g_clear_pointer (&self->peer, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->header, g_bytes_unref);
  g_clear_pointer (&self->terminator, g_bytes_unref);

  G_OBJECT_CLASS (tc_log_entry_parent_class)->finalize (object);
}

static void
tc_log_entry_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TcLogEntry *self = TC_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_TIME_US:
      g_value_set_int64 (value, self->time_us);
      break;
    case PROP_PEER:
      g_value_set_string (value, self->peer);
      break;
    case PROP_TEXT:
      g_value_take_string (value, tc_log_entry_dup_text (self));
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_DISCARDED:
      g_value_set_uint64 (value, self->discarded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_log_entry_class_init (TcLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tc_log_entry_finalize;
  object_class->get_property = tc_log_entry_get_property;

  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL,
                       TC_TYPE_LOG_DIRECTION, TC_LOG_DIRECTION_EVENT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_US] =
    g_param_spec_int64 ("time-us", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEER] =
    g_param_spec_string ("peer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL,
                        TC_TYPE_MESSAGE_FLAGS, TC_MESSAGE_FLAG_NONE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISCARDED] =
    g_param_spec_uint64 ("discarded", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tc_log_entry_init (TcLogEntry *self)
{
}

TcLogEntry *
tc_log_entry_new (TcLogDirection  direction,
                  gint64          time_us,
                  const char     *peer,
                  const char     *data,
                  gsize           len,
                  TcMessageFlags     flags,
                  guint64         discarded)
{
  TcLogEntry *self;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  self = g_object_new (TC_TYPE_LOG_ENTRY, NULL);
  self->direction = direction;
  self->time_us = time_us;
  self->peer = g_strdup (peer);
  self->bytes = g_bytes_new (data, len);
  self->flags = flags;
  self->discarded = discarded;

  return self;
}

/* As tc_log_entry_new(), with @bytes referenced rather than copied. */
TcLogEntry *
tc_log_entry_new_for_bytes (TcLogDirection  direction,
                            gint64          time_us,
                            const char     *peer,
                            GBytes         *bytes,
                            TcMessageFlags  flags,
                            guint64         discarded)
{
  TcLogEntry *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (TC_TYPE_LOG_ENTRY, NULL);
  self->direction = direction;
  self->time_us = time_us;
  self->peer = g_strdup (peer);
  self->bytes = g_bytes_ref (bytes);
  self->flags = flags;
  self->discarded = discarded;

  return self;
}

TcLogDirection
tc_log_entry_get_direction (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), TC_LOG_DIRECTION_EVENT);
  return self->direction;
}

gint64
tc_log_entry_get_time_us (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), 0);
  return self->time_us;
}

/* The peer label ("127.0.0.1:50312"), or NULL. */
const char *
tc_log_entry_get_peer (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);
  return self->peer;
}

/* The original bytes of the line (or the event message), without its
 * terminator, which the flags tell (see tc_message_flags_get_terminator()). */
GBytes *
tc_log_entry_get_bytes (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);
  return self->bytes;
}

TcMessageFlags
tc_log_entry_get_flags (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), TC_MESSAGE_FLAG_NONE);
  return self->flags;
}

guint64
tc_log_entry_get_discarded (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), 0);
  return self->discarded;
}

/* Display-safe text: invalid UTF-8, control and bidi characters made
 * visible, cut at TC_LOG_ENTRY_DISPLAY_MAX_CHARS. */
char *
tc_log_entry_dup_text (TcLogEntry *self)
{
  gsize len;
  const char *data;

  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);

  data = g_bytes_get_data (self->bytes, &len);
  return tc_text_make_display_safe (data != NULL ? data : "", len,
                                    TC_LOG_ENTRY_DISPLAY_MAX_CHARS);
}

/* "[truncated, 123 bytes dropped] [no newline at end]", or NULL. */
char *
tc_log_entry_dup_flags_text (TcLogEntry *self)
{
  GString *str;

  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);

  if ((self->flags & (TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_NO_TERMINATOR)) == 0)
    return NULL;

  str = g_string_new (NULL);
  if (self->flags & TC_MESSAGE_FLAG_TRUNCATED)
    g_string_append_printf (str,
                            ngettext ("[truncated, %" PRIu64 " byte dropped]",
                                      "[truncated, %" PRIu64 " bytes dropped]",
                                      (gulong) MIN (self->discarded, G_MAXULONG)),
                            self->discarded);
  if (self->flags & TC_MESSAGE_FLAG_NO_TERMINATOR)
    g_string_append_printf (str, "%s%s", str->len > 0 ? " " : "", _("[no newline at end]"));

  return g_string_free (str, FALSE);
}

/* TC_LOG_ENTRY_CRLF_MARK for a line that ended in CRLF, or NULL: a CRLF
 * device and an LF one look alike otherwise. */
const char *
tc_log_entry_get_ending_mark (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);

  if ((self->direction == TC_LOG_DIRECTION_RECEIVED || self->direction == TC_LOG_DIRECTION_SENT) &&
      (self->flags & TC_MESSAGE_FLAG_CRLF))
    return TC_LOG_ENTRY_CRLF_MARK;
  return NULL;
}

static char *
format_with_time (TcLogEntry *self,
                  const char *time)
{
  g_autofree char *text = NULL;
  g_autofree char *flags = NULL;
  const char *ending;

  text = tc_log_entry_dup_text (self);
  flags = tc_log_entry_dup_flags_text (self);
  ending = tc_log_entry_get_ending_mark (self);

  return g_strdup_printf ("%s  %s  %s%s%s%s%s%s%s",
                          time,
                          tc_log_direction_get_marker (self->direction),
                          self->peer != NULL ? self->peer : "",
                          self->peer != NULL ? "  " : "",
                          text,
                          ending != NULL ? "  " : "",
                          ending != NULL ? ending : "",
                          flags != NULL ? "  " : "",
                          flags != NULL ? flags : "");
}

/* The row as one line of text, as copied:
 * "HH:MM:SS.mmm  ◀  peer  text  CRLF  [flags]", the mark only after a CRLF line. */
char *
tc_log_entry_format (TcLogEntry *self)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);

  time = tc_format_time_us (self->time_us, TRUE);
  return format_with_time (self, time);
}

/* As saved in readable form, which outlives the day: the date and time in
 * ISO 8601 with the zone, "2026-12-04T17:27:04.123+01:00  ◀  peer  text". */
char *
tc_log_entry_format_dated (TcLogEntry *self)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);

  time = tc_log_file_format_time (self->time_us);
  return format_with_time (self, time);
}

/* The marker that tells directions apart without colour. */
const char *
tc_log_direction_get_marker (TcLogDirection direction)
{
  switch (direction)
    {
    case TC_LOG_DIRECTION_RECEIVED: return "◀";
    case TC_LOG_DIRECTION_SENT:     return "▶";
    case TC_LOG_DIRECTION_EVENT:    return "•";
    case TC_LOG_DIRECTION_ERROR:    return "!";
    default:                        return "?";
    }
}

const char *
tc_log_direction_get_css_class (TcLogDirection direction)
{
  switch (direction)
    {
    case TC_LOG_DIRECTION_RECEIVED: return "received";
    case TC_LOG_DIRECTION_SENT:     return "sent";
    case TC_LOG_DIRECTION_EVENT:    return "event";
    case TC_LOG_DIRECTION_ERROR:    return "error";
    default:                        return "event";
    }
}

/* Where a TcLogModel's entry came from: its serial (see
 * tc_log_model_find_previous()) and the framing bytes its record kept: a
 * terminator of none is "" (not NULL, which leaves it to the flags).
 * Only the model calls it, right after tc_log_entry_new(). */
void
tc_log_entry_set_origin (TcLogEntry *self,
                         guint64     serial,
                         const char *header,
                         gsize       header_len,
                         const char *terminator,
                         gsize       terminator_len)
{
  g_return_if_fail (TC_IS_LOG_ENTRY (self));

  self->serial = serial;
  g_clear_pointer (&self->header, g_bytes_unref);
  g_clear_pointer (&self->terminator, g_bytes_unref);
  if (header_len > 0)
    self->header = g_bytes_new (header, header_len);
  if (terminator != NULL)
    self->terminator = g_bytes_new (terminator, terminator_len);
}

guint64
tc_log_entry_get_serial (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), 0);
  return self->serial;
}

/* Returns: (transfer none) (nullable): the length prefix it came with */
GBytes *
tc_log_entry_get_header (TcLogEntry *self)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);
  return self->header;
}

/* What its length prefix said when it came; only the model calls it. */
void
tc_log_entry_set_prefix_value (TcLogEntry *self,
                               guint64     value)
{
  g_return_if_fail (TC_IS_LOG_ENTRY (self));

  self->prefix_value = value;
  self->has_prefix_value = TRUE;
}

/* Returns: whether its header is a whole length prefix; then @value
 * is the length it said, read as the framing of its connection did. */
gboolean
tc_log_entry_get_prefix_value (TcLogEntry *self,
                               guint64    *value)
{
  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = self->prefix_value;
  return self->has_prefix_value;
}

/**
 * tc_log_entry_get_terminator:
 * @len: (out): its length; 0 for none
 *
 * Returns: (transfer none): the bytes that ended a received or sent
 *   message: a delimiter, "\r", or what the flags say ("\n", "\r\n");
 *   "" for an event or a message that had none
 */
const char *
tc_log_entry_get_terminator (TcLogEntry *self,
                             gsize      *len)
{
  const char *usual;

  g_return_val_if_fail (TC_IS_LOG_ENTRY (self), NULL);
  g_return_val_if_fail (len != NULL, NULL);

  if (self->terminator != NULL)
    return g_bytes_get_data (self->terminator, len);
  if (self->header != NULL ||
      (self->direction != TC_LOG_DIRECTION_RECEIVED && self->direction != TC_LOG_DIRECTION_SENT))
    {
      *len = 0;
      return "";
    }
  usual = tc_message_flags_get_terminator (self->flags);
  *len = strlen (usual);
  return usual;
}
