/* tc-session-pane.c: the log, send box and status bar both windows embed
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane.h"

#include "tc-message-inspector.h"
#include "tc-file-send-panel.h"
#include "tc-periodic-panel.h"
#include "tc-record-panel.h"
#include "tc-rules-panel.h"
#include "tc-saved-messages-panel.h"
#include "tc-tcp-health.h"
#include "tc-traffic-graph.h"
#include "tc-observe-settings.h"
#include "tc-undo-offer.h"
#include "tc-bytes-format.h"
#include "tc-escapes.h"
#include "tc-framing.h"
#include "tc-session.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>

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

G_DEFINE_FINAL_TYPE (TcSessionPane, tc_session_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIDEBAR,
  PROP_TARGET,
  PROP_SHOW_HEALTH,
  PROP_FRAMING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TcSessionPane *self = user_data;

  /* As the log's own Clear: the actions follow the log's entries. */
  tc_log_view_clear (self->log_view);
  tc_undo_offer_show (self->undo_offer, _("Cleared."), TC_UNDO_OFFER_SECONDS);
  if (self->undo_clear_action != NULL)
    g_simple_action_set_enabled (self->undo_clear_action, TRUE);
}

/* Keyboard and undo: Clear asks nothing, but can be taken back once, for a
 * while; F6 brings the keyboard back to the send box from anywhere. */

static void
undo_clear_over (TcSessionPane *self)
{
  tc_undo_offer_withdraw (self->undo_offer);
  tc_log_model_forget_cleared (tc_log_view_get_model (self->log_view));
  if (self->undo_clear_action != NULL)
    g_simple_action_set_enabled (self->undo_clear_action, FALSE);
}

static void
undo_clear_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TcSessionPane *self = user_data;

  tc_log_model_undo_clear (tc_log_view_get_model (self->log_view));
  undo_clear_over (self);
}

static void
focus_send_box_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TcSessionPane *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->send_box));
}

static const GActionEntry keyboard_entries[] = {
  { .name = "undo-clear", .activate = undo_clear_action },
  { .name = "focus-send-box", .activate = focus_send_box_action },
};

static void
save_log_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TcSessionPane *self = user_data;

  tc_log_view_save (self->log_view);
}

/* Stateful: whether the graph of the last minute's traffic shows. */
static void
show_graph_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  TcSessionPane *self = user_data;

  gtk_widget_set_visible (GTK_WIDGET (self->traffic_graph), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

/* Stateful: the pane's show-health, which the action follows. */
static void
show_health_change_state (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  tc_session_pane_set_show_health (user_data, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

/* Message inspector: the selected entry, while the inspector shows. */
static void
inspect_selected (TcSessionPane *self)
{
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(TcLogEntry) entry = NULL;
  TcLogEntry *shown = tc_message_inspector_get_entry (self->inspector);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->inspector)))
    return;
  selection = gtk_list_view_get_model (tc_log_view_get_list_view (self->log_view));
  selected = gtk_selection_model_get_selection (selection);
  if (!gtk_bitset_is_empty (selected))
    entry = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_minimum (selected));
  /* The log announces new entries every frame: the same one stays. */
  if (entry != NULL && shown != NULL &&
      tc_log_entry_get_serial (entry) == tc_log_entry_get_serial (shown))
    return;
  tc_message_inspector_set_entry (self->inspector, entry, tc_log_view_get_model (self->log_view));
}

/* Stateful: whether the inspector of the selected message shows (Ctrl+I). */
static void
show_inspector_change_state (GSimpleAction *action,
                             GVariant      *state,
                             gpointer       user_data)
{
  TcSessionPane *self = user_data;

  gtk_widget_set_visible (GTK_WIDGET (self->inspector), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
  if (g_variant_get_boolean (state))
    inspect_selected (self);
  else
    tc_message_inspector_set_entry (self->inspector, NULL, NULL);
}

static void
reset_counters_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  tc_session_pane_reset_counters (user_data);
}

/* Every action of the windows and their widgets is a GAction from a
 * GActionEntry, not gtk_widget_class_install_action: in GTK 4.8 a
 * widget-class action is not in the window's GActionGroup (what
 * g_action_group_get_action_enabled asks and GtkApplication exports on
 * D-Bus), one named "win.*" on a GtkApplicationWindow never runs (the
 * window's own "win" group answers first), and its enabled state is no
 * property, so it cannot be bound. GSimpleAction:enabled can.
 */
static const GActionEntry pane_entries[] = {
  { .name = "clear", .activate = clear_action },
  { .name = "save-log", .activate = save_log_action },
  { .name = "reset-counters", .activate = reset_counters_action },
  { .name = "show-health", .state = "true", .change_state = show_health_change_state },
  { .name = "show-graph", .state = "false", .change_state = show_graph_change_state },
  { .name = "show-inspector", .state = "false", .change_state = show_inspector_change_state },
};

static void
framing_change_state (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
  TcSessionPane *self = user_data;
  g_autoptr(GError) error = NULL;

  /* The state follows the framing (tc_session_pane_set_framing()), not
   * the request: a bad spec leaves it. */
  if (!tc_session_pane_set_framing (self, g_variant_get_string (value, NULL), &error))
    tc_session_pane_report (self, TC_STATUS_ERROR, NULL, error->message, NULL);
}

/* "framing": stateful, a spec as --framing takes it ("lines",
 * "length:u16be", "delimiter:\r\n"); a bad one is said in the log. */
static const GActionEntry framing_entries[] = {
  { .name = "framing", .parameter_type = "s", .state = "'lines'",
    .change_state = framing_change_state },
};

/* Framing chooser: the dropdown's rows, and what their entry holds. */
enum
{
  FRAMING_ROW_LINES,
  FRAMING_ROW_RAW,
  FRAMING_ROW_DELIMITER,
  FRAMING_ROW_FIXED,
  FRAMING_ROW_LENGTH_U8,   /* then the other prefixes, in TcLengthPrefix order */
};

static guint
framing_row (TcFraming *framing)
{
  switch (tc_framing_get_mode (framing))
    {
    case TC_FRAMING_MODE_RAW:
      return FRAMING_ROW_RAW;
    case TC_FRAMING_MODE_DELIMITER:
      return FRAMING_ROW_DELIMITER;
    case TC_FRAMING_MODE_FIXED:
      return FRAMING_ROW_FIXED;
    case TC_FRAMING_MODE_LENGTH:
      return FRAMING_ROW_LENGTH_U8 + (guint) tc_framing_get_length_prefix (framing);
    case TC_FRAMING_MODE_LINES:
    default:
      return FRAMING_ROW_LINES;
    }
}

/* The chooser shows the framing: its row, and the entry for the value a
 * row needs (the idle gap, the delimiter, the size). */
static void
show_framing (TcSessionPane *self)
{
  guint row = framing_row (self->framing);
  g_autofree char *value = NULL;
  const char *placeholder = NULL;

  switch (row)
    {
    case FRAMING_ROW_RAW:
      if (tc_framing_get_idle_gap_ms (self->framing) > 0)
        value = g_strdup_printf ("%u", tc_framing_get_idle_gap_ms (self->framing));
      /* TRANSLATORS: placeholder of the raw framing's idle gap, in ms */
      placeholder = _("gap ms");
      break;
    case FRAMING_ROW_DELIMITER:
      {
        GBytes *delimiter = tc_framing_get_delimiter (self->framing);
        gsize len;
        const char *data = g_bytes_get_data (delimiter, &len);

        value = tc_escapes_format (data, len);
        placeholder = "\\r\\n";
      }
      break;
    case FRAMING_ROW_FIXED:
      value = g_strdup_printf ("%zu", tc_framing_get_fixed_size (self->framing));
      /* TRANSLATORS: placeholder of the fixed framing's size */
      placeholder = _("bytes");
      break;
    default:
      break;
    }

  self->showing_framing = TRUE;
  gtk_drop_down_set_selected (self->framing_dropdown, row);
  gtk_editable_set_text (GTK_EDITABLE (self->framing_entry), value != NULL ? value : "");
  gtk_entry_set_placeholder_text (self->framing_entry, placeholder);
  gtk_widget_set_visible (GTK_WIDGET (self->framing_entry), placeholder != NULL);
  self->showing_framing = FALSE;
}

/* The spec the chooser says, a row that needs a value given a usual one. */
static char *
chosen_framing_spec (TcSessionPane *self)
{
  static const char * const prefixes[] = { "u8", "u16be", "u16le", "u32be", "u32le" };
  guint row = gtk_drop_down_get_selected (self->framing_dropdown);
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->framing_entry));
  gboolean same_row = row == framing_row (self->framing);

  switch (row)
    {
    case FRAMING_ROW_LINES:
      return g_strdup ("lines");
    case FRAMING_ROW_RAW:
      if (!same_row || value[0] == '\0')
        return g_strdup ("raw");
      return g_strdup_printf ("raw:%s", value);
    case FRAMING_ROW_DELIMITER:
      return g_strdup_printf ("delimiter:%s", same_row && value[0] != '\0' ? value : "\\r\\n");
    case FRAMING_ROW_FIXED:
      return g_strdup_printf ("fixed:%s", same_row && value[0] != '\0' ? value : "16");
    default:
      if (row - FRAMING_ROW_LENGTH_U8 < G_N_ELEMENTS (prefixes))
        return g_strdup_printf ("length:%s", prefixes[row - FRAMING_ROW_LENGTH_U8]);
      return NULL;
    }
}

/* A choice in the chooser goes through the action, as any other would. */
static void
framing_chosen (TcSessionPane *self)
{
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;

  if (self->showing_framing)
    return;
  spec = chosen_framing_spec (self);
  if (spec == NULL)
    return;
  if (!tc_session_pane_set_framing (self, spec, &error))
    {
      tc_session_pane_report (self, TC_STATUS_ERROR, NULL, error->message, NULL);
      show_framing (self);
    }
}

/* Dropdown rows are enum values in order (display mode, input mode, line
 * ending): the bindings between them. */
static gboolean
enum_to_row (GBinding     *binding,
             const GValue *from,
             GValue       *to,
             gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
row_to_enum (GBinding     *binding,
             const GValue *from,
             GValue       *to,
             gpointer      user_data)
{
  guint row = g_value_get_uint (from);

  if (row == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_enum (to, (int) row);
  return TRUE;
}

static gboolean
encoding_to_row (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  const char * const *names = tc_encoding_list ();
  const char *encoding = tc_encoding_lookup (g_value_get_string (from));

  for (guint i = 0; encoding != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], encoding))
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
row_to_encoding (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  const char * const *names = tc_encoding_list ();
  guint row = g_value_get_uint (from);

  if (row >= g_strv_length ((char **) names))
    return FALSE;
  g_value_set_string (to, names[row]);
  return TRUE;
}

static void
bind_enum_dropdown (gpointer     source,
                    const char  *property,
                    GtkDropDown *dropdown)
{
  g_object_bind_property_full (source, property, dropdown, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               enum_to_row, row_to_enum, NULL, NULL);
}

static gboolean
has_entries (GBinding     *binding,
             const GValue *from,
             GValue       *to,
             gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static void
tc_session_pane_dispose (GObject *object)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  /* The log can outlive the window whose actions it enables (a caller
   * holding its model): cut the bindings with the pane. */
  for (guint i = 0; self->action_bindings != NULL && i < self->action_bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->action_bindings, i));
  g_clear_pointer (&self->action_bindings, g_ptr_array_unref);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->health_connection);
  if (self->observe != NULL)
    g_signal_handlers_disconnect_by_data (self->observe, self);
  g_clear_object (&self->observe);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->framing_action);
  g_clear_object (&self->undo_clear_action);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_SESSION_PANE);

  G_OBJECT_CLASS (tc_session_pane_parent_class)->dispose (object);
}

static void
tc_session_pane_finalize (GObject *object)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  g_clear_pointer (&self->framing, tc_framing_unref);
  g_clear_pointer (&self->framing_spec, g_free);

  G_OBJECT_CLASS (tc_session_pane_parent_class)->finalize (object);
}

static void
tc_session_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR:
      g_value_set_object (value, tc_session_pane_get_sidebar (self));
      break;
    case PROP_TARGET:
      g_value_set_string (value, tc_session_pane_get_target (self));
      break;
    case PROP_SHOW_HEALTH:
      g_value_set_boolean (value, self->show_health);
      break;
    case PROP_FRAMING:
      g_value_set_string (value, self->framing_spec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_session_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR:
      tc_session_pane_set_sidebar (self, g_value_get_object (value));
      break;
    case PROP_TARGET:
      tc_session_pane_set_target (self, g_value_get_string (value));
      break;
    case PROP_SHOW_HEALTH:
      tc_session_pane_set_show_health (self, g_value_get_boolean (value));
      break;
    case PROP_FRAMING:
      {
        g_autoptr(GError) error = NULL;

        /* From settings, say: a bad value is said, and lines stay. */
        if (!tc_session_pane_set_framing (self, g_value_get_string (value), &error))
          tc_session_pane_report (self, TC_STATUS_ERROR, NULL, error->message, NULL);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Counters and health */

static void
show_counters (TcSessionPane *self)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  /* A new connection counts from 0 again: so does a reset before it. */
  if (self->bytes_in < self->reset_in || self->bytes_out < self->reset_out)
    self->reset_in = self->reset_out = 0;

  in = tc_format_byte_count (self->bytes_in - self->reset_in);
  out = tc_format_byte_count (self->bytes_out - self->reset_out);
  /* TRANSLATORS: bytes received and sent, in the status bar */
  text = g_strdup_printf (_("In: %s · Out: %s"), in, out);
  tc_status_bar_set_segment (self->status_bar, "traffic", text);
}

/* Once a second, not with every count: a flood counts with every read. */
static void
show_rates (TcSessionPane *self)
{
  g_autofree char *in_rate = tc_format_byte_count ((guint64) self->rate_in);
  g_autofree char *out_rate = tc_format_byte_count ((guint64) self->rate_out);
  g_autofree char *text = NULL;

  /* TRANSLATORS: bytes a second received and sent, over the last second */
  text = g_strdup_printf (_("%s/s in · %s/s out"), in_rate, out_rate);
  tc_status_bar_set_segment (self->status_bar, "rates", text);
}

static void
show_health (TcSessionPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text_tip = NULL;
  g_autofree char *unsent = NULL;
  g_autofree char *rcvq = NULL;
  char rtt[G_ASCII_DTOSTR_BUF_SIZE], rttvar[G_ASCII_DTOSTR_BUF_SIZE];
  TcTcpHealth health;
  GSocket *socket;
  GtkLabel *label;

  if (!self->show_health ||
      !tc_status_bar_get_segment_visible (self->status_bar, "health"))
    return;

  /* Long, and longer once connected: it must not widen the window (a
   * window grows to what its parts need, and does not shrink back). */
  label = tc_status_bar_get_segment_label (self->status_bar, "health");
  if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE)
    {
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (label, 8);
    }

  socket = self->health_connection != NULL
           ? tc_connection_get_socket (self->health_connection) : NULL;
  if (socket == NULL)
    {
      tc_status_bar_set_segment (self->status_bar, "health", _("TCP: –"));
      tc_status_bar_set_segment_tooltip (self->status_bar, "health",
                                         _("No connection to read the TCP health of"));
      return;
    }
  if (!tc_tcp_health_read (socket, &health, &error))
    {
      tc_status_bar_set_segment (self->status_bar, "health", _("TCP: –"));
      tc_status_bar_set_segment_tooltip (self->status_bar, "health", error->message);
      return;
    }

  g_snprintf (rtt, sizeof rtt, "%.3f", health.rtt_us / 1000.0);
  g_snprintf (rttvar, sizeof rttvar, "%.3f", health.rttvar_us / 1000.0);
  unsent = tc_format_byte_count (health.unsent);
  rcvq = tc_format_byte_count (health.rcvq);
  /* TRANSLATORS: a connection's TCP health in the status bar: round trip
   * and its variance in ms, bytes not sent yet, segments unacknowledged,
   * retransmitted, bytes waiting to be read, congestion window */
  text = g_strdup_printf (_("RTT %s ± %s ms · Unsent %s · Unacked %u · Retrans %u · "
                            "Recv-Q %s · Cwnd %u"),
                          rtt, rttvar, unsent, health.unacked, health.retrans, rcvq,
                          health.cwnd);
  line = tc_tcp_health_format (&health,
                               tc_connection_get_peer_label (self->health_connection));
  /* TRANSLATORS: the tooltip of the TCP health; the key=value line after
   * it is not translated (scripts parse the same line from --stats) */
  text_tip = g_strdup_printf (_("As a script reads it: %s"), line);
  tc_status_bar_set_segment (self->status_bar, "health", text);
  tc_status_bar_set_segment_tooltip (self->status_bar, "health", text_tip);
}

/* Once a second: the rates over the last second, and the health. */
static gboolean
tick_cb (gpointer user_data)
{
  TcSessionPane *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double seconds = (double) (now - self->rate_base_us) / G_USEC_PER_SEC;

  if (seconds > 0)
    {
      self->rate_in = self->bytes_in >= self->rate_base_in
                      ? (double) (self->bytes_in - self->rate_base_in) / seconds : 0;
      self->rate_out = self->bytes_out >= self->rate_base_out
                       ? (double) (self->bytes_out - self->rate_base_out) / seconds : 0;
    }
  self->rate_base_in = self->bytes_in;
  self->rate_base_out = self->bytes_out;
  self->rate_base_us = now;
  tc_traffic_graph_push (self->traffic_graph, self->rate_in, self->rate_out);
  show_counters (self);
  show_rates (self);
  show_health (self);

  return G_SOURCE_CONTINUE;
}

/* Nothing is polled while the window is not shown. */
static void
tc_session_pane_map (GtkWidget *widget)
{
  TcSessionPane *self = TC_SESSION_PANE (widget);

  GTK_WIDGET_CLASS (tc_session_pane_parent_class)->map (widget);

  if (self->tick_source == 0)
    {
      self->rate_base_in = self->bytes_in;
      self->rate_base_out = self->bytes_out;
      self->rate_base_us = g_get_monotonic_time ();
      self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_source),
                                "[tcpchat] counters and health");
    }
  show_health (self);
}

static void
tc_session_pane_unmap (GtkWidget *widget)
{
  TcSessionPane *self = TC_SESSION_PANE (widget);

  g_clear_handle_id (&self->tick_source, g_source_remove);

  GTK_WIDGET_CLASS (tc_session_pane_parent_class)->unmap (widget);
}

/**
 * tc_session_pane_set_health_connection:
 * @connection: (nullable): the connection whose health to show: the
 *   server's selected client, the client's connection
 *
 * The "health" segment, which the window adds where it wants it, shows
 * the connection's TCP health, read once a second while the pane is
 * shown (and the segment and show-health with it).
 */
void
tc_session_pane_set_health_connection (TcSessionPane *self,
                                       TcConnection  *connection)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (connection == NULL || TC_IS_CONNECTION (connection));

  /* The connection shown is the send target, which a periodic send and a
   * file take. */
  tc_periodic_panel_set_target (self->periodic_panel, connection);
  tc_file_send_panel_set_target (self->file_send_panel, connection);
  if (!g_set_object (&self->health_connection, connection))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_health (self);
}

/* Reads the health now, as the next tick would; for a window's first
 * look, and tests. */
void
tc_session_pane_refresh_health (TcSessionPane *self)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  show_health (self);
}

void
tc_session_pane_set_show_health (TcSessionPane *self,
                                 gboolean       show)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  show = !!show;
  if (self->show_health == show)
    return;
  self->show_health = show;
  tc_status_bar_set_segment_visible (self->status_bar, "health", show);
  if (show && gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_health (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_HEALTH]);
}

/**
 * tc_session_pane_reset_counters:
 *
 * The traffic counters start from 0 again (win.reset-counters); the log
 * says when.
 */
void
tc_session_pane_reset_counters (TcSessionPane *self)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  self->reset_in = self->rate_base_in = self->bytes_in;
  self->reset_out = self->rate_base_out = self->bytes_out;
  self->rate_base_us = g_get_monotonic_time ();
  self->rate_in = self->rate_out = 0;
  show_counters (self);
  show_rates (self);
  tc_log_model_append_event (tc_log_view_get_model (self->log_view), NULL,
                             "%s", _("Traffic counters reset"));
}

static void
tc_session_pane_class_init (TcSessionPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  tc_widgets_init ();
  g_type_ensure (TC_TYPE_LOG_VIEW);
  g_type_ensure (TC_TYPE_SEND_BOX);
  g_type_ensure (TC_TYPE_STATUS_BAR);
  g_type_ensure (TC_TYPE_TRAFFIC_GRAPH);
  g_type_ensure (TC_TYPE_MESSAGE_INSPECTOR);
  g_type_ensure (TC_TYPE_SAVED_MESSAGES_PANEL);
  g_type_ensure (TC_TYPE_PERIODIC_PANEL);
  g_type_ensure (TC_TYPE_FILE_SEND_PANEL);
  g_type_ensure (TC_TYPE_RULES_PANEL);
  g_type_ensure (TC_TYPE_RECORD_PANEL);

  object_class->dispose = tc_session_pane_dispose;
  object_class->finalize = tc_session_pane_finalize;
  object_class->get_property = tc_session_pane_get_property;
  object_class->set_property = tc_session_pane_set_property;
  widget_class->map = tc_session_pane_map;
  widget_class->unmap = tc_session_pane_unmap;

  /**
   * TcSessionPane:sidebar:
   *
   * What the window shows beside the log, as the server its clients;
   * %NULL for nothing.
   */
  properties[PROP_SIDEBAR] =
    g_param_spec_object ("sidebar", NULL, NULL, GTK_TYPE_WIDGET, rw);
  /**
   * TcSessionPane:target:
   *
   * Who a line goes to, shown before the send box; %NULL hides it.
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, rw);
  /**
   * TcSessionPane:show-health:
   *
   * Whether the status bar shows the TCP health of the connection set
   * with tc_session_pane_set_health_connection(); read only while shown.
   */
  properties[PROP_SHOW_HEALTH] =
    g_param_spec_boolean ("show-health", NULL, NULL, TRUE, rw);
  /**
   * TcSessionPane:framing:
   *
   * The framing of new connections, as --framing spells it ("lines",
   * "length:u16be"); the window action "framing" and the chooser set it.
   */
  properties[PROP_FRAMING] =
    g_param_spec_string ("framing", NULL, NULL, "lines", rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-session-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, paned);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, target_label);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, send_box);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, status_bar);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, traffic_graph);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, framing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, framing_entry);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, display_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, input_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, inspector);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, saved_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, periodic_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, file_send_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, rules_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, record_panel);
}

static void
tc_session_pane_init (TcSessionPane *self)
{
  g_autoptr(GtkStringList) encodings = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->show_health = TRUE;
  self->rate_base_us = g_get_monotonic_time ();

  self->framing = tc_framing_new_lines ();
  self->framing_spec = g_strdup ("lines");
  show_framing (self);
  g_signal_connect_swapped (self->framing_dropdown, "notify::selected",
                            G_CALLBACK (framing_chosen), self);
  g_signal_connect_swapped (self->framing_entry, "activate",
                            G_CALLBACK (framing_chosen), self);

  /* One encoding per window: what is shown and what is typed. */
  encodings = gtk_string_list_new ((const char * const *) tc_encoding_list ());
  gtk_drop_down_set_model (self->encoding_dropdown, G_LIST_MODEL (encodings));
  g_object_bind_property (self->log_view, "encoding", self->send_box, "encoding",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->log_view, "encoding", self->encoding_dropdown, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               encoding_to_row, row_to_encoding, NULL, NULL);
  bind_enum_dropdown (self->log_view, "display-mode", self->display_dropdown);
  bind_enum_dropdown (self->send_box, "input-mode", self->input_dropdown);
  bind_enum_dropdown (self->send_box, "line-ending", self->ending_dropdown);

  /* The inspector reads the log's selection, in the log's encoding. */
  g_object_bind_property (self->log_view, "encoding", self->inspector, "encoding",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (gtk_list_view_get_model (tc_log_view_get_list_view (self->log_view)),
                           "selection-changed", G_CALLBACK (inspect_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_list_view_get_model (tc_log_view_get_list_view (self->log_view)),
                           "items-changed", G_CALLBACK (inspect_selected), self,
                           G_CONNECT_SWAPPED);

  self->undo_offer = TC_UNDO_OFFER (tc_undo_offer_new ("win.undo-clear"));
  tc_status_bar_add_widget (self->status_bar, GTK_WIDGET (self->undo_offer));
  g_signal_connect_swapped (self->undo_offer, "expired", G_CALLBACK (undo_clear_over), self);

  tc_saved_messages_panel_attach (self->saved_panel, self->send_box);
  tc_periodic_panel_attach (self->periodic_panel, self->send_box);
}

GtkWidget *
tc_session_pane_new (void)
{
  return g_object_new (TC_TYPE_SESSION_PANE, NULL);
}

TcLogView *
tc_session_pane_get_log_view (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->log_view;
}

/* Returns: (transfer none): the log the view shows; append to it */
TcLogModel *
tc_session_pane_get_log_model (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return tc_log_view_get_model (self->log_view);
}

TcSendBox *
tc_session_pane_get_send_box (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->send_box;
}

/* The graph of the last minute's traffic (win.show-graph shows it). */
GtkWidget *
tc_session_pane_get_traffic_graph (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return GTK_WIDGET (self->traffic_graph);
}

TcStatusBar *
tc_session_pane_get_status_bar (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->status_bar;
}

/* Returns: (transfer none) (nullable): what shows beside the log */
GtkWidget *
tc_session_pane_get_sidebar (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return gtk_paned_get_start_child (self->paned);
}

/* Without a sidebar the paned shows no handle: the log spans the pane. */
void
tc_session_pane_set_sidebar (TcSessionPane *self,
                             GtkWidget     *sidebar)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (sidebar == NULL || GTK_IS_WIDGET (sidebar));

  if (gtk_paned_get_start_child (self->paned) == sidebar)
    return;
  gtk_paned_set_start_child (self->paned, sidebar);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR]);
}

/* Returns: (nullable): who a line goes to, as shown */
const char *
tc_session_pane_get_target (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->target_label)))
    return NULL;
  return gtk_label_get_text (self->target_label);
}

void
tc_session_pane_set_target (TcSessionPane *self,
                            const char    *target)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  if (g_strcmp0 (target, tc_session_pane_get_target (self)) == 0)
    return;
  gtk_label_set_text (self->target_label, target != NULL ? target : "");
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), target != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * tc_session_pane_add_actions:
 * @map: the window's action map
 *
 * Puts the pane's actions (clear, save-log, reset-counters, and the
 * stateful show-health and show-graph) into @map, the window that
 * holds the pane, so that they are "win.clear" and "win.save-log" there,
 * as its buttons and accelerators name them. Clear and Save Log make
 * sense only with something in the log: bound to its entries.
 */
void
tc_session_pane_add_actions (TcSessionPane *self,
                             GActionMap    *map)
{
  TcLogModel *log;

  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  log = tc_log_view_get_model (self->log_view);
  g_action_map_add_action_entries (map, pane_entries, G_N_ELEMENTS (pane_entries), self);

  g_action_map_add_action_entries (map, framing_entries, G_N_ELEMENTS (framing_entries), self);
  tc_saved_messages_panel_add_actions (self->saved_panel, map);
  tc_periodic_panel_add_actions (self->periodic_panel, map);
  tc_file_send_panel_add_actions (self->file_send_panel, map);
  tc_rules_panel_add_actions (self->rules_panel, map);
  tc_record_panel_add_actions (self->record_panel, map);
  g_set_object (&self->framing_action,
                G_SIMPLE_ACTION (g_action_map_lookup_action (map, framing_entries[0].name)));
  g_simple_action_set_state (self->framing_action, g_variant_new_string (self->framing_spec));
  g_action_map_add_action_entries (map, keyboard_entries, G_N_ELEMENTS (keyboard_entries), self);
  g_set_object (&self->undo_clear_action,
                G_SIMPLE_ACTION (g_action_map_lookup_action (map, "undo-clear")));
  g_simple_action_set_enabled (self->undo_clear_action, FALSE);
  if (self->action_bindings == NULL)
    self->action_bindings = g_ptr_array_new_with_free_func (g_object_unref);
  /* Clear and Save Log only; Reset Counters always works. */
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (self->action_bindings,
                     g_object_ref (g_object_bind_property_full (log, "n-entries",
                                                  g_action_map_lookup_action (map,
                                                                              pane_entries[i].name),
                                                  "enabled", G_BINDING_SYNC_CREATE,
                                                  has_entries, NULL, NULL, NULL)));
}

/* The keys the pane follows as they change: how much log to keep; and
 * the keys its choosers start from and write back: framing, display,
 * encoding, input mode and line ending. */
/* The log file and the TCP options follow the settings (tc-observe-settings.c);
 * what goes wrong with them is said in the log and the status bar. */
static void
observe_problem_cb (TcObserveSettings *observe,
                    const char        *message,
                    TcSessionPane     *self)
{
  tc_session_pane_report (self, TC_STATUS_ERROR, NULL, message, NULL);
}

static void
start_observing (TcSessionPane *self)
{
  GSettingsSchema *schema = NULL;

  if (self->settings == NULL || self->session == NULL || self->observe != NULL)
    return;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "log-file"))
    {
      self->observe = tc_observe_settings_new (self->settings, self->session);
      g_signal_connect (self->observe, "problem", G_CALLBACK (observe_problem_cb), self);
      tc_observe_settings_start (self->observe);
    }
  g_clear_pointer (&schema, g_settings_schema_unref);
}

/* Returns: (transfer none) (nullable): the log file being written, if any */
TcLogFile *
tc_session_pane_get_log_file (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->observe != NULL ? tc_observe_settings_get_log_file (self->observe) : NULL;
}

void
tc_session_pane_bind_settings (TcSessionPane *self,
                               GSettings     *settings)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  start_observing (self);

  g_settings_bind (settings, "scrollback", tc_log_view_get_model (self->log_view),
                   "max-entries", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "framing", self, "framing", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "display-mode", self->log_view, "display-mode",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "encoding", self->log_view, "encoding", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "input-mode", self->send_box, "input-mode",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "line-ending", self->send_box, "line-ending",
                   G_SETTINGS_BIND_DEFAULT);
}

/* The framing goes to the server or client, for its next connections,
 * and to the send box, which counts and checks in it. */
static void
apply_framing (TcSessionPane *self)
{
  TcServer *server;
  TcClient *client;

  tc_send_box_set_framing (self->send_box, self->framing);
  if (self->session == NULL)
    return;
  server = tc_session_get_server (self->session);
  client = tc_session_get_client (self->session);
  if (server != NULL)
    tc_server_set_framing (server, self->framing);
  if (client != NULL)
    tc_client_set_framing (client, self->framing);
}

/**
 * tc_session_pane_set_session:
 * @session: the window's session
 *
 * Its messages end with the send box's line ending, and the framing
 * chosen here is that of its new connections.
 */
void
tc_session_pane_set_session (TcSessionPane *self,
                             TcSession     *session)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_object_bind_property (self->send_box, "line-ending", session, "line-ending",
                          G_BINDING_SYNC_CREATE);
  tc_saved_messages_panel_set_session (self->saved_panel, session);
  tc_periodic_panel_set_session (self->periodic_panel, session);
  tc_file_send_panel_set_session (self->file_send_panel, session);
  tc_rules_panel_set_session (self->rules_panel, session);
  tc_record_panel_set_session (self->record_panel, session);
  apply_framing (self);
  start_observing (self);
}

/* Returns: the framing of new connections, as a spec */
const char *
tc_session_pane_get_framing (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->framing_spec;
}

/**
 * tc_session_pane_set_framing:
 * @spec: as --framing takes it: "lines", "raw:50", "delimiter:\x03",
 *   "fixed:8", "length:u16be"
 *
 * Sets the framing of new connections; a connected peer keeps the one it
 * came with, and the log says so.
 *
 * Returns: whether @spec is a framing; if not, @error says why
 */
gboolean
tc_session_pane_set_framing (TcSessionPane  *self,
                             const char     *spec,
                             GError        **error)
{
  g_autoptr(TcFraming) framing = NULL;

  g_return_val_if_fail (TC_IS_SESSION_PANE (self), FALSE);

  framing = tc_framing_parse (spec != NULL ? spec : "lines", error);
  if (framing == NULL)
    return FALSE;
  if (tc_framing_equal (framing, self->framing))
    return TRUE;

  tc_framing_unref (self->framing);
  self->framing = g_steal_pointer (&framing);
  g_free (self->framing_spec);
  self->framing_spec = tc_framing_to_string (self->framing);
  apply_framing (self);
  show_framing (self);
  if (self->framing_action != NULL)
    g_simple_action_set_state (self->framing_action, g_variant_new_string (self->framing_spec));
  if (self->session != NULL)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: a framing spec, as "length:u16be" */
      message = g_strdup_printf (_("Framing: %s. It applies to new connections; "
                                   "those open keep theirs."), self->framing_spec);
      tc_session_pane_report (self, TC_STATUS_INFO, NULL, message, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
  return TRUE;
}

/**
 * tc_session_pane_report:
 * @peer: (nullable): who it is about
 * @status: (nullable): the status bar's words, if not @message
 *
 * Says what happened in the log and in the status bar's message segment.
 */
void
tc_session_pane_report (TcSessionPane *self,
                        TcStatusKind   kind,
                        const char    *peer,
                        const char    *message,
                        const char    *status)
{
  TcLogModel *log;

  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (message != NULL);

  log = tc_log_view_get_model (self->log_view);
  if (kind == TC_STATUS_ERROR)
    tc_log_model_append_error (log, peer, "%s", message);
  else
    tc_log_model_append_event (log, peer, "%s", message);
  tc_status_bar_set_message (self->status_bar, kind, status != NULL ? status : message);
}

/* The "socket" segment, which the window adds where it wants it. */
void
tc_session_pane_show_socket_state (TcSessionPane *self,
                                   TcSocketState  state)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_SESSION_PANE (self));

  text = g_strdup_printf (_("Socket: %s"), tc_socket_state_to_string (state));
  tc_status_bar_set_segment (self->status_bar, "socket", text);
}

/* The "traffic" and "rates" segments, which the window adds where it
 * wants them: the counts since the last reset, and their rates over the
 * last second. */
void
tc_session_pane_show_traffic (TcSessionPane *self,
                              guint64        bytes_in,
                              guint64        bytes_out)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  /* A new connection counts from 0: so do its rates. */
  if (bytes_in < self->rate_base_in || bytes_out < self->rate_base_out)
    {
      self->rate_base_in = bytes_in;
      self->rate_base_out = bytes_out;
    }
  self->bytes_in = bytes_in;
  self->bytes_out = bytes_out;
  show_counters (self);
}
