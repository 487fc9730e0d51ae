/* tc-session-pane-private.h: the session pane's fields, shared with its
 * parts in tc-session-pane-*.c
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-session-pane.h"

#include "tc-file-send-panel.h"
#include "tc-framing.h"
#include "tc-message-inspector.h"
#include "tc-observe-settings.h"
#include "tc-periodic-panel.h"
#include "tc-record-panel.h"
#include "tc-rules-panel.h"
#include "tc-saved-messages-panel.h"
#include "tc-traffic-graph.h"
#include "tc-undo-offer.h"

G_BEGIN_DECLS

/* A window puts what is its own beside the log (the server its clients),
 * and above the pane (listen or connect controls); the log, who a line goes
 * to, the send box, the status bar and what acts on the log are here once.
 */
struct _TcSessionPane
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkPaned           *paned;
  TcLogView          *log_view;
  GtkLabel           *target_label;
  TcSendBox          *send_box;
  TcStatusBar        *status_bar;
  TcTrafficGraph     *traffic_graph;
  GtkDropDown        *framing_dropdown;
  GtkEntry           *framing_entry;
  GtkDropDown        *display_dropdown;
  GtkDropDown        *encoding_dropdown;
  GtkDropDown        *input_dropdown;
  GtkDropDown        *ending_dropdown;
  TcMessageInspector *inspector;
  TcSavedMessagesPanel *saved_panel;
  TcPeriodicPanel    *periodic_panel;
  TcFileSendPanel    *file_send_panel;
  TcRulesPanel       *rules_panel;
  TcRecordPanel      *record_panel;

  /* owned */
  GPtrArray          *action_bindings; /* GBinding, kept: the log's entries to the actions */
  TcConnection       *health_connection; /* whose TCP health shows, or NULL */
  TcSession          *session;
  TcFraming          *framing;         /* for new connections */
  char               *framing_spec;
  GSimpleAction      *framing_action;  /* "framing" in the window's map */
  GSettings          *settings;        /* the window's, for the log file and TCP options */
  TcObserveSettings  *observe;         /* once both the settings and the session are in */
  GSimpleAction      *undo_clear_action; /* "undo-clear", while offered */

  /* borrowed */
  TcUndoOffer        *undo_offer;      /* in the status bar */

  /* plain state */
  gboolean            show_health;
  guint               tick_source;     /* once a second while mapped */
  guint64             bytes_in;        /* as the window last told */
  guint64             bytes_out;
  guint64             reset_in;        /* the counts when last reset */
  guint64             reset_out;
  guint64             rate_base_in;    /* the counts a second ago */
  guint64             rate_base_out;
  gint64              rate_base_us;
  double              rate_in;         /* bytes a second, over the last second */
  double              rate_out;
  gboolean            showing_framing; /* the chooser follows the framing: no echo */
};

enum {
  PROP_0,
  PROP_SIDEBAR,
  PROP_TARGET,
  PROP_SHOW_HEALTH,
  PROP_FRAMING,
  N_PROPS
};

extern GParamSpec *_tc_session_pane_properties[N_PROPS];

/* tc-session-pane-actions.c: the log's actions, undo and the inspector */
void  _tc_session_pane_actions_init        (TcSessionPane *self);

/* tc-session-pane-framing.c: the framing and encoding row */
void  _tc_session_pane_framing_init        (TcSessionPane *self);
void  _tc_session_pane_framing_add_actions (TcSessionPane *self,
                                            GActionMap    *map);
void  _tc_session_pane_apply_framing       (TcSessionPane *self);

/* tc-session-pane-panels.c: the automation panels the pane hosts */
void  _tc_session_pane_panels_init         (TcSessionPane *self);
void  _tc_session_pane_panels_add_actions  (TcSessionPane *self,
                                            GActionMap    *map);
void  _tc_session_pane_panels_set_session  (TcSessionPane *self,
                                            TcSession     *session);
void  _tc_session_pane_panels_set_target   (TcSessionPane *self,
                                            TcConnection  *connection);

/* tc-session-pane-settings.c: the keys followed, the log file and TCP options */
void  _tc_session_pane_start_observing     (TcSessionPane *self);

/* tc-session-pane-status.c: counters, rates and TCP health */
void  _tc_session_pane_status_start        (TcSessionPane *self);
void  _tc_session_pane_status_stop         (TcSessionPane *self);

G_END_DECLS
