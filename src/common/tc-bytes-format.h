/* tc-bytes-format.h: bytes as hex and as display-safe text, and typed input as bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TC_BYTES_ERROR (tc_bytes_error_quark ())

typedef enum
{
  TC_BYTES_ERROR_BAD_CHARACTER,     /* not a hex digit nor a separator */
  TC_BYTES_ERROR_ODD_DIGITS,        /* a hex number with a lone nibble */
  TC_BYTES_ERROR_UNKNOWN_ENCODING,
  TC_BYTES_ERROR_UNREPRESENTABLE,   /* a character the encoding cannot write */
  TC_BYTES_ERROR_INVALID_TEXT,      /* text to encode is not UTF-8 */
} TcBytesError;

/* The encodings offered, by canonical name. All are ASCII-compatible:
 * "\n" and every byte below 0x80 mean what they mean in ASCII. */
#define TC_ENCODING_UTF8 "UTF-8"

typedef enum
{
  TC_TEXT_RUN_PLAIN,   /* text as it came */
  TC_TEXT_RUN_ESCAPE,  /* an escape standing for bytes ("\t", "\xFF", "<U+202E>", "…") */
} TcTextRunKind;

/* A stretch of a display text: byte offsets into TcDisplayText.text. */
typedef struct
{
  guint          start;
  guint          len;
  TcTextRunKind  kind;
} TcTextRun;

/* Display-safe text being built: valid UTF-8 with every control byte,
 * invalid byte and invisible character shown as an escape, and where the
 * escapes are (runs covering text, adjacent runs of one kind merged). */
typedef struct
{
  GString *text;
  GArray  *runs;           /* TcTextRun; NULL when not wanted */
  gsize    max_chars;      /* characters shown before "…" ends it; 0: no limit */
  gsize    n_chars;
  guint    combining_run;
  gboolean cut;            /* "…" was appended: the rest is ignored */
} TcDisplayText;

typedef struct _TcDecoder TcDecoder;
typedef struct _TcEncoder TcEncoder;

GQuark              tc_bytes_error_quark        (void);

const char * const *tc_encoding_list            (void);
const char         *tc_encoding_lookup          (const char     *name);
gssize              tc_encoding_index           (const char     *name);
const char         *tc_encoding_get_iconv_name  (const char     *name);

void                tc_bytes_append_hex         (GString        *out,
                                                 const guint8   *data,
                                                 gsize           len,
                                                 gsize           max_bytes);
char               *tc_bytes_format_hex         (const guint8   *data,
                                                 gsize           len);
GBytes             *tc_bytes_parse_hex          (const char     *text,
                                                 gssize          len,
                                                 gsize          *error_offset,
                                                 GError        **error);
GBytes             *tc_bytes_encode_text        (const char     *text,
                                                 gssize          len,
                                                 const char     *encoding,
                                                 gsize          *error_offset,
                                                 GError        **error);

TcEncoder          *tc_encoder_new              (const char     *encoding,
                                                 GError        **error);
void                tc_encoder_free             (TcEncoder      *self);
GBytes             *tc_encoder_encode           (TcEncoder      *self,
                                                 const char     *text,
                                                 gssize          len,
                                                 gsize          *error_offset,
                                                 GError        **error);

void                tc_display_text_init        (TcDisplayText  *self,
                                                 gsize           max_chars,
                                                 gboolean        with_runs);
void                tc_display_text_clear       (TcDisplayText  *self);
void                tc_display_text_reset       (TcDisplayText  *self);
void                tc_display_text_append_utf8 (TcDisplayText  *self,
                                                 const char     *data,
                                                 gsize           len);

TcDecoder          *tc_decoder_new              (const char     *encoding,
                                                 GError        **error);
void                tc_decoder_free             (TcDecoder      *self);
const char         *tc_decoder_get_encoding     (TcDecoder      *self);
void                tc_decoder_feed             (TcDecoder      *self,
                                                 const guint8   *data,
                                                 gsize           len,
                                                 TcDisplayText  *out);
void                tc_decoder_finish           (TcDecoder      *self,
                                                 TcDisplayText  *out);
void                tc_decoder_decode_all       (TcDecoder      *self,
                                                 const guint8   *data,
                                                 gsize           len,
                                                 TcDisplayText  *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcDecoder, tc_decoder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcEncoder, tc_encoder_free)

G_END_DECLS
