/* tc-headless-bytes.c: the options both headless modes share for bytes: framing, hex,
 * escapes, line endings and encodings
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless-bytes.h"

#include "tc-bytes-format.h"
#include "tc-text.h"
#include "tc-typed-input.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

/* A line of stdin is one message: read as text (converted to --encoding),
 * as hex (--hex) or with escapes (--escapes). In lines framing it goes out
 * with its own terminator, unless --eol says which; the other framings
 * frame it themselves. What arrives is written as it came (the client's
 * stdout, a length prefix included), as one hex line per message (--hex),
 * or decoded from --encoding for the server's log.
 */
struct _TcHeadlessBytes
{
  /* as given */
  char         *framing_text;
  char         *eol_text;
  char         *encoding_text;
  gboolean      hex;
  gboolean      escapes;
  gboolean      relay_prefix;
  gboolean      no_relay_prefix;

  /* as parsed */
  TcFraming    *framing;
  TcFramer     *framer;       /* of framing, to check what it can carry */
  GByteArray   *framed;
  const char   *encoding;     /* canonical, static; NULL for UTF-8 */
  TcDecoder    *decoder;      /* with encoding */
  TcEncoder    *encoder;      /* with encoding: one converter for the whole run */
  TcLineEnding  eol;
  gboolean      eol_set;
  gboolean      plain;        /* lines framing, text in UTF-8: a line is sent as it is */
  guint64       n_lines;      /* of stdin, for errors */
  GString      *scratch;
  TcDisplayText display;

  GOptionEntry  entries[8];
};

/**
 * tc_headless_bytes_new:
 * @server: whether to offer the server's options (--relay-prefix) too
 *
 * Returns: (transfer full): the options, to add to the program's
 */
TcHeadlessBytes *
tc_headless_bytes_new (gboolean server)
{
  TcHeadlessBytes *self = g_new0 (TcHeadlessBytes, 1);
  guint n = 0;

  self->entries[n++] = (GOptionEntry) {
    "framing", 0, 0, G_OPTION_ARG_STRING, &self->framing_text,
    N_("How bytes become messages: lines (default), raw, raw:GAP_MS, delimiter:ESCAPED, "
       "fixed:N, length:u8|u16be|u16le|u32be|u32le"), N_("SPEC") };
  self->entries[n++] = (GOptionEntry) {
    "hex", 0, 0, G_OPTION_ARG_NONE, &self->hex,
    N_("Each line of stdin is hex (\"48 65 6C\"); each message received is written "
       "as one hex line"), NULL };
  self->entries[n++] = (GOptionEntry) {
    "escapes", 0, 0, G_OPTION_ARG_NONE, &self->escapes,
    N_("Read C-style escapes in lines of stdin: \\r \\n \\t \\0 \\e \\\\ \\xHH, "
       "and \\u with a code point in braces"), NULL };
  self->entries[n++] = (GOptionEntry) {
    "eol", 0, 0, G_OPTION_ARG_STRING, &self->eol_text,
    N_("End each line sent in lines framing with lf, crlf, cr or none "
       "(default: as it ended on stdin)"), N_("EOL") };
  self->entries[n++] = (GOptionEntry) {
    "encoding", 0, 0, G_OPTION_ARG_STRING, &self->encoding_text,
    N_("Text encoding of the peer: UTF-8 (default), GB18030, Big5, Shift_JIS, EUC-KR, "
       "ISO-8859-1, Windows-1252"), N_("NAME") };
  if (server)
    {
      self->entries[n++] = (GOptionEntry) {
        "relay-prefix", 0, 0, G_OPTION_ARG_NONE, &self->relay_prefix,
        N_("Put \"[ip:port] \" before relayed messages (the default in lines framing only)"),
        NULL };
      self->entries[n++] = (GOptionEntry) {
        "no-relay-prefix", 0, 0, G_OPTION_ARG_NONE, &self->no_relay_prefix,
        N_("Relay messages exactly as they came"), NULL };
    }
  self->entries[n] = (GOptionEntry) { NULL };
  self->scratch = g_string_new (NULL);
  tc_display_text_init (&self->display, 0, FALSE);

  return self;
}

void
tc_headless_bytes_free (TcHeadlessBytes *self)
{
  if (self == NULL)
    return;

  g_free (self->framing_text);
  g_free (self->eol_text);
  g_free (self->encoding_text);
  g_clear_pointer (&self->framing, tc_framing_unref);
  g_clear_object (&self->framer);
  g_clear_pointer (&self->framed, g_byte_array_unref);
  g_clear_pointer (&self->decoder, tc_decoder_free);
  g_clear_pointer (&self->encoder, tc_encoder_free);
  g_string_free (self->scratch, TRUE);
  tc_display_text_clear (&self->display);
  g_free (self);
}

/* Returns: (transfer none): the options; they write into @self */
const GOptionEntry *
tc_headless_bytes_get_entries (TcHeadlessBytes *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entries;
}

/* --framing, and --eol, which only lines take. */
static gboolean
check_framing (TcHeadlessBytes *self,
               TcHeadless      *run)
{
  g_autoptr(GError) error = NULL;

  if (self->framing_text != NULL)
    {
      self->framing = tc_framing_parse (self->framing_text, &error);
      if (self->framing == NULL)
        {
          tc_headless_print_error (run, "--framing %s: %s", self->framing_text, error->message);
          return FALSE;
        }
    }
  else
    self->framing = tc_framing_new_lines ();
  self->framer = tc_framing_create_framer (self->framing, 0);
  self->framed = g_byte_array_new ();

  if (self->eol_text != NULL)
    {
      if (!tc_line_ending_parse (self->eol_text, &self->eol))
        {
          tc_headless_print_error (run, _("--eol %s: expected lf, crlf, cr or none"),
                                   self->eol_text);
          return FALSE;
        }
      self->eol_set = TRUE;
      /* The other framings end each message themselves (a delimiter, a
       * length prefix, a size): a line ending there would be ignored. */
      if (tc_framing_get_mode (self->framing) != TC_FRAMING_MODE_LINES)
        {
          g_autofree char *spec = tc_framing_to_string (self->framing);

          tc_headless_print_error (run, _("--eol %s: only with --framing lines; %s frames each "
                                          "message itself"),
                                   self->eol_text, spec);
          return FALSE;
        }
    }

  return TRUE;
}

/* --encoding: UTF-8, the default, needs no converter. */
static gboolean
check_encoding (TcHeadlessBytes *self,
                TcHeadless      *run)
{
  g_autoptr(GError) error = NULL;

  if (self->encoding_text != NULL)
    {
      self->decoder = tc_decoder_new (self->encoding_text, &error);
      if (self->decoder == NULL)
        {
          tc_headless_print_error (run, "--encoding %s: %s", self->encoding_text, error->message);
          return FALSE;
        }
      self->encoding = tc_decoder_get_encoding (self->decoder);
      /* UTF-8 is the default: bytes pass as they are. */
      if (g_str_equal (self->encoding, TC_ENCODING_UTF8))
        {
          self->encoding = NULL;
          g_clear_pointer (&self->decoder, tc_decoder_free);
        }
      else
        {
          self->encoder = tc_encoder_new (self->encoding, &error);
          if (self->encoder == NULL)
            {
              tc_headless_print_error (run, "--encoding %s: %s", self->encoding_text,
                                       error->message);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/**
 * tc_headless_bytes_check:
 *
 * Reads the values given; a bad one is said in one line on stderr.
 *
 * Returns: whether they are good
 */
gboolean
tc_headless_bytes_check (TcHeadlessBytes *self,
                         TcHeadless      *run)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_framing (self, run) || !check_encoding (self, run))
    return FALSE;

  if (self->hex && self->escapes)
    {
      tc_headless_print_error (run, _("--hex and --escapes: choose one way to read stdin"));
      return FALSE;
    }
  if (self->relay_prefix && self->no_relay_prefix)
    {
      tc_headless_print_error (run, _("--relay-prefix and --no-relay-prefix: choose one"));
      return FALSE;
    }

  self->plain = (!self->hex && !self->escapes && self->encoding == NULL &&
                 tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_LINES);

  return TRUE;
}

/* Returns: (transfer none): the framing given, lines by default */
TcFraming *
tc_headless_bytes_get_framing (TcHeadlessBytes *self)
{
  g_return_val_if_fail (self != NULL && self->framing != NULL, NULL);
  return self->framing;
}

/* Returns: whether --relay-prefix or --no-relay-prefix was given, and which */
gboolean
tc_headless_bytes_get_relay_prefix (TcHeadlessBytes *self,
                                    gboolean        *prefix)
{
  g_return_val_if_fail (self != NULL, FALSE);

  *prefix = self->relay_prefix;
  return self->relay_prefix || self->no_relay_prefix;
}

gboolean
tc_headless_bytes_get_hex (TcHeadlessBytes *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->hex;
}

/* What the session sends: each line with --eol's ending. */
void
tc_headless_bytes_apply (TcHeadlessBytes *self,
                         TcSession       *session)
{
  g_return_if_fail (self != NULL);

  tc_session_set_line_ending (session, self->eol_set ? self->eol : TC_LINE_ENDING_LF);
}

/**
 * tc_headless_bytes_read_plain_line:
 * @line: a line of stdin
 *
 * Whether @line is sent as it is, its content the message: lines framing,
 * plain UTF-8 text and no "\r" to put back. Then it counts as read, and the
 * caller sends line->data; otherwise it calls tc_headless_bytes_read_line().
 * A file piped in is mostly such lines: they take no allocation.
 */
gboolean
tc_headless_bytes_read_plain_line (TcHeadlessBytes *self,
                                   const TcMessage *line)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->plain || (!self->eol_set && (line->flags & TC_MESSAGE_FLAG_CRLF)))
    return FALSE;

  self->n_lines++;
  return TRUE;
}

/**
 * tc_headless_bytes_read_line:
 * @line: a line of stdin
 *
 * The message a line of stdin stands for. In lines framing without --eol
 * the "\r" of a CRLF line is put back, so that with the session's "\n" it
 * goes out as it came; otherwise the line's terminator is not part of it.
 *
 * Returns: (transfer full) (nullable): the message, unframed; NULL with
 *   an error that says which line and where, when it cannot be read (then
 *   nothing is sent for it), or NULL and no error for nothing to send
 */
GBytes *
tc_headless_bytes_read_line (TcHeadlessBytes  *self,
                             const TcMessage     *line,
                             GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  TcInputMode mode = self->hex ? TC_INPUT_MODE_HEX
                     : self->escapes ? TC_INPUT_MODE_ESCAPES : TC_INPUT_MODE_TEXT;
  gboolean lines = tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_LINES;

  g_return_val_if_fail (self != NULL, NULL);

  self->n_lines++;

  /* Plain UTF-8 text is sent as it came, whatever bytes it holds. */
  if (mode == TC_INPUT_MODE_TEXT && self->encoding == NULL)
    {
      if (lines && !self->eol_set)
        return tc_headless_line_to_message (line);
      bytes = g_bytes_new_static (line->data, line->len);
    }
  else
    {
      if (mode == TC_INPUT_MODE_TEXT)
        bytes = tc_encoder_encode (self->encoder, line->data, (gssize) line->len, NULL,
                                   &local_error);
      else
        bytes = tc_typed_input_to_bytes (line->data, (gssize) line->len, mode, self->encoding,
                                         NULL, &local_error);
      if (bytes == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       /* TRANSLATORS: a line number of stdin, then why it was not sent */
                       _("stdin line %" PRIu64 ": %s (not sent)"),
                       self->n_lines, local_error->message);
          return NULL;
        }
      if (lines && !self->eol_set && (line->flags & TC_MESSAGE_FLAG_CRLF))
        {
          g_autoptr(GByteArray) with_cr = g_bytes_unref_to_array (g_steal_pointer (&bytes));

          g_byte_array_append (with_cr, (const guint8 *) "\r", 1);
          bytes = g_byte_array_free_to_bytes (g_steal_pointer (&with_cr));
        }
    }

  /* A raw message of nothing is nothing on the wire. */
  if (g_bytes_get_size (bytes) == 0 &&
      tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_RAW)
    return NULL;

  /* A size the framing cannot carry (fixed, a length prefix) is this
   * line's error, as bad hex is, not the end of the run. */
  if (tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_FIXED ||
      tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_LENGTH)
    {
      g_byte_array_set_size (self->framed, 0);
      if (!tc_framer_encode_into (self->framer, self->framed, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("stdin line %" PRIu64 ": %s (not sent)"),
                       self->n_lines, local_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&bytes);
}

/* A received message for the server's log, one line: hex, or text
 * decoded from --encoding with what is not text shown as escapes. */
void
tc_headless_bytes_append_text (TcHeadlessBytes *self,
                               GString         *out,
                               const TcMessage    *line)
{
  g_return_if_fail (self != NULL);

  if (self->hex)
    {
      tc_bytes_append_hex (out, (const guint8 *) line->data, line->len, 0);
    }
  else if (self->decoder != NULL)
    {
      tc_display_text_reset (&self->display);
      tc_decoder_decode_all (self->decoder, (const guint8 *) line->data, line->len,
                             &self->display);
      g_string_append_len (out, self->display.text->str, (gssize) self->display.text->len);
    }
  else
    {
      tc_text_append_display_safe (out, line->data, line->len, 0);
    }
}

/* A received message to the client's stdout: the bytes that crossed the
 * wire (a length prefix, the message, its terminator), or one hex line. */
void
tc_headless_bytes_write_message (TcHeadlessBytes  *self,
                                 TcHeadlessOutput *out,
                                 const TcMessage     *line)
{
  gsize terminator_len;
  const char *terminator;

  g_return_if_fail (self != NULL);

  if (self->hex)
    {
      g_string_truncate (self->scratch, 0);
      tc_bytes_append_hex (self->scratch, (const guint8 *) line->data, line->len, 0);
      g_string_append_c (self->scratch, '\n');
      tc_headless_output_write (out, self->scratch->str, self->scratch->len);
      tc_headless_output_written (out);
      return;
    }

  terminator = tc_message_get_terminator (line, &terminator_len);
  if (line->header != NULL && line->header_len > 0)
    tc_headless_output_write (out, line->header, line->header_len);
  tc_headless_output_write (out, line->data, line->len);
  tc_headless_output_write (out, terminator, terminator_len);
  tc_headless_output_written (out);
}
