/* tc-session-pane-framing.c: the framing and encoding row: how new connections
 * cut messages, and how the log shows and the send box reads them
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane-private.h"

#include "tc-bytes-format.h"
#include "tc-escapes.h"

#include <glib/gi18n-lib.h>

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
  gssize row = tc_encoding_index (g_value_get_string (from));

  if (row < 0)
    return FALSE;
  g_value_set_uint (to, (guint) row);
  return TRUE;
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

/* The framing goes to the server or client, for its next connections,
 * and to the send box, which counts and checks in it. */
void
_tc_session_pane_apply_framing (TcSessionPane *self)
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
  _tc_session_pane_apply_framing (self);
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
  g_object_notify_by_pspec (G_OBJECT (self), _tc_session_pane_properties[PROP_FRAMING]);
  return TRUE;
}

/* Lines until told otherwise; the choosers follow the log view and the
 * send box both ways. */
void
_tc_session_pane_framing_init (TcSessionPane *self)
{
  g_autoptr(GtkStringList) encodings = NULL;

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
}

/* "framing" into @map, its state the pane's framing. */
void
_tc_session_pane_framing_add_actions (TcSessionPane *self,
                                      GActionMap    *map)
{
  g_action_map_add_action_entries (map, framing_entries, G_N_ELEMENTS (framing_entries), self);
  g_set_object (&self->framing_action,
                G_SIMPLE_ACTION (g_action_map_lookup_action (map, framing_entries[0].name)));
  g_simple_action_set_state (self->framing_action, g_variant_new_string (self->framing_spec));
}
