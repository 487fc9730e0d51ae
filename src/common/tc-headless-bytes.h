/* tc-headless-bytes.h: the options both headless modes share for bytes: framing, hex,
 * escapes, line endings and encodings
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-framing.h"
#include "tc-headless.h"
#include "tc-message.h"
#include "tc-session.h"

G_BEGIN_DECLS

typedef struct _TcHeadlessBytes TcHeadlessBytes;

TcHeadlessBytes    *tc_headless_bytes_new            (gboolean            server);
void                tc_headless_bytes_free           (TcHeadlessBytes    *self);
const GOptionEntry *tc_headless_bytes_get_entries    (TcHeadlessBytes    *self);
gboolean            tc_headless_bytes_check          (TcHeadlessBytes    *self,
                                                      TcHeadless         *run);
TcFraming          *tc_headless_bytes_get_framing    (TcHeadlessBytes    *self);
gboolean            tc_headless_bytes_get_relay_prefix (TcHeadlessBytes  *self,
                                                      gboolean           *prefix);
gboolean            tc_headless_bytes_get_hex        (TcHeadlessBytes    *self);
void                tc_headless_bytes_apply          (TcHeadlessBytes    *self,
                                                      TcSession          *session);
gboolean            tc_headless_bytes_read_plain_line (TcHeadlessBytes   *self,
                                                      const TcMessage    *line);
GBytes             *tc_headless_bytes_read_line      (TcHeadlessBytes    *self,
                                                      const TcMessage       *line,
                                                      GError            **error);
void                tc_headless_bytes_append_text    (TcHeadlessBytes    *self,
                                                      GString            *out,
                                                      const TcMessage       *line);
void                tc_headless_bytes_write_message  (TcHeadlessBytes    *self,
                                                      TcHeadlessOutput   *out,
                                                      const TcMessage       *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcHeadlessBytes, tc_headless_bytes_free)

G_END_DECLS
