/* tc-send-box.c: the line entry and its Send button
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-send-box.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tc-widgets.h"

#define DEFAULT_PLACEHOLDER N_("Type a line and press Enter")

struct _TcSendBox
{
  GtkWidget   parent_instance;

  /* template widgets */
  GtkEntry   *entry;
  GtkButton  *send_button;

  /* owned */
  GPtrArray  *history;        /* char*, oldest first */
  char       *draft;          /* what was typed before walking the history */
  char       *disabled_reason;
  char       *pasted;         /* a multi-line paste waiting for the idle */
  GtkWidget  *confirm_dialog;
  GStrv       confirm_lines;

  /* plain state */
  guint       history_pos;    /* == history->len while not walking it */
  guint       paste_idle;
  gboolean    can_send;
};

G_DEFINE_FINAL_TYPE (TcSendBox, tc_send_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SEND,
  PROP_DISABLED_REASON,
  N_PROPS
};

enum {
  SEND_LINE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
tc_send_box_update_sensitivity (TcSendBox *self)
{
  const char *reason = self->disabled_reason != NULL && self->disabled_reason[0] != '\0'
                       ? self->disabled_reason : _("Cannot send now");

  if (!self->can_send)
    tc_widget_drop_focus_within (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), self->can_send);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), self->can_send);

  if (self->can_send)
    {
      tc_widget_update_tooltip (GTK_WIDGET (self), NULL);
      tc_widget_update_tooltip (GTK_WIDGET (self->entry), NULL);
      tc_widget_update_tooltip (GTK_WIDGET (self->send_button), _("Send the line (Enter)"));
      gtk_entry_set_placeholder_text (self->entry, _(DEFAULT_PLACEHOLDER));
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->entry),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  else
    {
      tc_widget_update_tooltip (GTK_WIDGET (self), reason);
      tc_widget_update_tooltip (GTK_WIDGET (self->entry), reason);
      tc_widget_update_tooltip (GTK_WIDGET (self->send_button), reason);
      gtk_entry_set_placeholder_text (self->entry, reason);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason,
                                      -1);
    }
}

static void
tc_send_box_remember (TcSendBox  *self,
                      const char *line)
{
  if (line[0] == '\0')
    return;
  if (self->history->len > 0 &&
      g_strcmp0 (g_ptr_array_index (self->history, self->history->len - 1), line) == 0)
    return;
  if (self->history->len >= TC_SEND_BOX_HISTORY_MAX)
    g_ptr_array_remove_index (self->history, 0);
  g_ptr_array_add (self->history, g_strdup (line));
}

static void
tc_send_box_emit_line (TcSendBox  *self,
                       const char *line)
{
  tc_send_box_remember (self, line);
  g_signal_emit (self, signals[SEND_LINE], 0, line);
}

static void
tc_send_box_reset_history_walk (TcSendBox *self)
{
  self->history_pos = self->history->len;
  g_clear_pointer (&self->draft, g_free);
}

/* Sends what the entry holds (nothing when it is empty) and empties it. */
void
tc_send_box_send (TcSendBox *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_SEND_BOX (self));

  if (!self->can_send)
    return;

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  if (text[0] == '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  if (strpbrk (text, "\r\n") != NULL)
    tc_send_box_send_lines (self, text, TRUE);
  else
    tc_send_box_emit_line (self, text);
  tc_send_box_reset_history_walk (self);
}

static void
confirm_response_cb (GtkDialog *dialog,
                     int        response,
                     TcSendBox *self)
{
  g_auto(GStrv) lines = g_steal_pointer (&self->confirm_lines);

  self->confirm_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (response != GTK_RESPONSE_ACCEPT || !self->can_send || lines == NULL)
    return;
  for (guint i = 0; lines[i] != NULL; i++)
    tc_send_box_emit_line (self, lines[i]);
}

/* Sends each line of text (split at "\n", a "\r" before it dropped; a final
 * newline does not make an empty last line). With confirm, more than
 * TC_SEND_BOX_CONFIRM_LINES lines are sent only after a confirmation dialog. */
void
tc_send_box_send_lines (TcSendBox  *self,
                        const char *text,
                        gboolean    confirm)
{
  g_auto(GStrv) lines = NULL;
  guint n;

  g_return_if_fail (TC_IS_SEND_BOX (self));
  g_return_if_fail (text != NULL);

  if (!self->can_send)
    return;

  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  if (n > 0 && lines[n - 1][0] == '\0')
    {
      g_clear_pointer (&lines[n - 1], g_free);
      n--;
    }
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
    }
  if (n == 0)
    return;

  if (confirm && n > TC_SEND_BOX_CONFIRM_LINES)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog;

      if (self->confirm_dialog != NULL)
        gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));
      g_clear_pointer (&self->confirm_lines, g_strfreev);

      dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                       GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                       ngettext ("Send %u line?", "Send %u lines?", n), n);
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                ngettext ("The pasted text has %u line; it "
                                                          "will be sent as a separate line.",
                                                          "The pasted text has %u lines; each "
                                                          "will be sent as a separate line.", n),
                                                n);
      gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                              _("_Cancel"), GTK_RESPONSE_CANCEL,
                              _("_Send All"), GTK_RESPONSE_ACCEPT,
                              NULL);
      gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
      self->confirm_lines = g_steal_pointer (&lines);
      self->confirm_dialog = dialog;
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < n; i++)
    tc_send_box_emit_line (self, lines[i]);
}

static gboolean
paste_idle_cb (gpointer user_data)
{
  TcSendBox *self = user_data;
  g_autofree char *text = g_steal_pointer (&self->pasted);

  self->paste_idle = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  if (text != NULL)
    tc_send_box_send_lines (self, text, TRUE);

  return G_SOURCE_REMOVE;
}

/* A single-line entry would squash a multi-line paste into one line: take
 * it over and send the lines one by one instead. */
static void
delegate_insert_text_cb (GtkEditable *editable,
                         const char  *text,
                         int          length,
                         int         *position,
                         TcSendBox   *self)
{
  g_autofree char *inserted = NULL;
  const char *current;
  GString *full;
  gsize pos_bytes;

  inserted = length < 0 ? g_strdup (text) : g_strndup (text, (gsize) length);
  if (strpbrk (inserted, "\r\n") == NULL)
    return;

  g_signal_stop_emission_by_name (editable, "insert-text");

  current = gtk_editable_get_text (editable);
  pos_bytes = (gsize) (g_utf8_offset_to_pointer (current, MAX (*position, 0)) - current);
  pos_bytes = MIN (pos_bytes, strlen (current));
  full = g_string_new_len (current, (gssize) pos_bytes);
  g_string_append (full, inserted);
  g_string_append (full, current + pos_bytes);

  g_free (self->pasted);
  self->pasted = g_string_free (full, FALSE);
  /* The entry is emptied and the lines sent once the emission is over. */
  if (self->paste_idle == 0)
    self->paste_idle = g_idle_add (paste_idle_cb, self);
}

static void
tc_send_box_show_history (TcSendBox *self)
{
  const char *text;

  if (self->history_pos < self->history->len)
    text = g_ptr_array_index (self->history, self->history_pos);
  else
    text = self->draft != NULL ? self->draft : "";

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      TcSendBox             *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    {
      if (self->history_pos == 0)
        return TRUE;
      if (self->history_pos == self->history->len)
        {
          g_free (self->draft);
          self->draft = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
        }
      self->history_pos--;
      tc_send_box_show_history (self);
      return TRUE;
    }

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      if (self->history_pos >= self->history->len)
        return TRUE;
      self->history_pos++;
      tc_send_box_show_history (self);
      if (self->history_pos == self->history->len)
        g_clear_pointer (&self->draft, g_free);
      return TRUE;
    }

  return FALSE;
}

static void
entry_activate_cb (TcSendBox *self)
{
  tc_send_box_send (self);
}

static void
send_button_clicked_cb (TcSendBox *self)
{
  tc_send_box_send (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
tc_send_box_dispose (GObject *object)
{
  TcSendBox *self = TC_SEND_BOX (object);

  g_clear_handle_id (&self->paste_idle, g_source_remove);
  if (self->confirm_dialog != NULL)
    {
      GtkWidget *dialog = g_steal_pointer (&self->confirm_dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_SEND_BOX);

  G_OBJECT_CLASS (tc_send_box_parent_class)->dispose (object);
}

static void
tc_send_box_finalize (GObject *object)
{
  TcSendBox *self = TC_SEND_BOX (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->draft, g_free);
  g_clear_pointer (&self->disabled_reason, g_free);
  g_clear_pointer (&self->pasted, g_free);
  g_clear_pointer (&self->confirm_lines, g_strfreev);

  G_OBJECT_CLASS (tc_send_box_parent_class)->finalize (object);
}

static void
tc_send_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TcSendBox *self = TC_SEND_BOX (object);

  switch (prop_id)
    {
    case PROP_CAN_SEND:
      g_value_set_boolean (value, self->can_send);
      break;
    case PROP_DISABLED_REASON:
      g_value_set_string (value, self->disabled_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_send_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TcSendBox *self = TC_SEND_BOX (object);

  switch (prop_id)
    {
    case PROP_CAN_SEND:
      tc_send_box_set_can_send (self, g_value_get_boolean (value));
      break;
    case PROP_DISABLED_REASON:
      tc_send_box_set_disabled_reason (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_send_box_class_init (TcSendBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  tc_widgets_init ();

  object_class->dispose = tc_send_box_dispose;
  object_class->finalize = tc_send_box_finalize;
  object_class->get_property = tc_send_box_get_property;
  object_class->set_property = tc_send_box_set_property;

  properties[PROP_CAN_SEND] =
    g_param_spec_boolean ("can-send", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISABLED_REASON] =
    g_param_spec_string ("disabled-reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* send-line (TcSendBox *self, const char *text): one line to send. */
  signals[SEND_LINE] =
    g_signal_new ("send-line",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-send-box.ui");
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, entry);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, send_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_button_clicked_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tc_send_box_init (TcSendBox *self)
{
  GtkEventController *keys;
  GtkEditable *delegate;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new_with_free_func (g_free);
  self->disabled_reason = g_strdup (_("Nobody to send to"));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->entry));
  g_signal_connect (delegate, "insert-text", G_CALLBACK (delegate_insert_text_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Send box"),
                                  -1);
  tc_send_box_update_sensitivity (self);
}

GtkWidget *
tc_send_box_new (void)
{
  return g_object_new (TC_TYPE_SEND_BOX, NULL);
}

gboolean
tc_send_box_get_can_send (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), FALSE);
  return self->can_send;
}

void
tc_send_box_set_can_send (TcSendBox *self,
                          gboolean   can_send)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));

  can_send = !!can_send;
  if (self->can_send == can_send)
    return;
  self->can_send = can_send;
  tc_send_box_update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEND]);
}

const char *
tc_send_box_get_disabled_reason (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->disabled_reason;
}

/* Why nothing can be sent now, in plain words: shown as the tooltip and the
 * placeholder while can-send is FALSE. */
void
tc_send_box_set_disabled_reason (TcSendBox  *self,
                                 const char *reason)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));

  if (g_strcmp0 (self->disabled_reason, reason) == 0)
    return;
  g_free (self->disabled_reason);
  self->disabled_reason = g_strdup (reason);
  tc_send_box_update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISABLED_REASON]);
}

/* Both at once: can_send, or the reason it cannot. */
void
tc_send_box_set_sendable (TcSendBox  *self,
                          gboolean    can_send,
                          const char *disabled_reason)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (!can_send)
    tc_send_box_set_disabled_reason (self, disabled_reason);
  tc_send_box_set_can_send (self, can_send);
  g_object_thaw_notify (G_OBJECT (self));
}

GtkEntry *
tc_send_box_get_entry (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->entry;
}

GtkButton *
tc_send_box_get_button (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->send_button;
}

const char *
tc_send_box_get_text (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
tc_send_box_set_text (TcSendBox  *self,
                      const char *text)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

guint
tc_send_box_get_history_length (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), 0);
  return self->history->len;
}
