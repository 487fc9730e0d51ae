/* tc-peer-numbers.h: the number each connection has in a log or a recording
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-event.h"

G_BEGIN_DECLS

typedef struct
{
  GHashTable *numbers;  /* TcConnection → its number */
  guint       last;
} TcPeerNumbers;

void         tc_peer_numbers_init      (TcPeerNumbers *self);
void         tc_peer_numbers_clear     (TcPeerNumbers *self);
void         tc_peer_numbers_forget    (TcPeerNumbers *self);
guint        tc_peer_numbers_for_event (TcPeerNumbers *self,
                                        const TcEvent *event);
const char  *tc_peer_numbers_kind_name (TcEventKind    kind);

G_END_DECLS
