/* tc-send-box.c: the message editor and its Send button
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-send-box.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tc-bytes-format.h"
#include "tc-common-enums.h"
#include "tc-widgets.h"

#define DEFAULT_PLACEHOLDER N_("Type a line and press Enter")

struct _TcSendBox
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkWidget         *editor_box;
  GtkOverlay        *overlay;
  GtkLabel          *error_label;
  GtkLabel          *count_label;
  GtkScrolledWindow *scroller;
  GtkTextView       *view;
  GtkLabel          *placeholder;
  GtkButton         *send_button;

  /* owned */
  GPtrArray         *history;        /* char*, oldest first */
  char              *draft;          /* what was typed before walking the history */
  char              *disabled_reason;
  GtkTextTag        *error_tag;      /* where the input cannot be read */
  TcFraming         *framing;
  TcFramer          *framer;         /* of the framing, for its checks and count */

  /* borrowed */
  const char        *encoding;       /* canonical name, static */

  /* plain state */
  TcSendMode         input_mode;
  TcLineEnding       line_ending;
  guint              history_pos;    /* == history->len while not walking it */
  gboolean           can_send;
};

G_DEFINE_FINAL_TYPE (TcSendBox, tc_send_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SEND,
  PROP_DISABLED_REASON,
  PROP_INPUT_MODE,
  PROP_ENCODING,
  PROP_LINE_ENDING,
  PROP_FRAMING,
  N_PROPS
};

enum {
  SEND_BYTES,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkTextBuffer *
get_buffer (TcSendBox *self)
{
  return gtk_text_view_get_buffer (self->view);
}

/* The bytes the editor's input stands for in the input mode and encoding;
 * on error, error_offset is the character at fault. */
static GBytes *
input_to_bytes (TcSendBox   *self,
                const char  *text,
                gsize       *error_offset,
                GError     **error)
{
  return tc_typed_input_to_bytes (text, -1, (TcInputMode) self->input_mode, self->encoding,
                                  error_offset, error);
}

/* The message as it will go out: ended by the line ending in lines
 * framing, framed by the framing otherwise (which may refuse its size). */
static GBytes *
frame_message (TcSendBox  *self,
               GBytes     *message,
               GError    **error)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_LINES)
    {
      gsize ending_len;
      const char *ending = tc_line_ending_get_bytes (self->line_ending, &ending_len);

      g_byte_array_append (wire, (const guint8 *) data, (guint) len);
      g_byte_array_append (wire, (const guint8 *) ending, (guint) ending_len);
    }
  else if (!tc_framer_encode_into (self->framer, wire, data, len, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}

static void
clear_error (TcSendBox *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->view), &start, &end);
  gtk_text_buffer_remove_tag (gtk_text_view_get_buffer (self->view), self->error_tag,
                              &start, &end);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_label_set_text (self->error_label, "");
}

/* Says why nothing was sent, under the editor, and marks the character at
 * fault (none when offset is past the end). */
static void
show_error (TcSendBox  *self,
            const char *message,
            gsize       offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;

  clear_error (self);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);

  if (offset < (gsize) gtk_text_buffer_get_char_count (buffer))
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) offset);
      end = start;
      gtk_text_iter_forward_char (&end);
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_text_view_scroll_mark_onscreen (self->view, gtk_text_buffer_get_insert (buffer));
    }
}

/* The count of bytes that will go out, or a dash while the input cannot
 * be read (said only when Send is tried: a half-typed pair is no error). */
static void
update_count (TcSendBox *self)
{
  g_autofree char *text = tc_send_box_dup_text (self);
  g_autoptr(GBytes) bytes = input_to_bytes (self, text, NULL, NULL);
  g_autoptr(GBytes) wire = bytes != NULL ? frame_message (self, bytes, NULL) : NULL;
  g_autofree char *count = NULL;

  if (wire != NULL)
    {
      gsize n = g_bytes_get_size (wire);

      /* TRANSLATORS: how many bytes the send box will send */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu byte", "%zu bytes", n), n);
    }
  gtk_label_set_text (self->count_label, count != NULL ? count : "—");
}

static void
buffer_changed_cb (TcSendBox *self)
{
  clear_error (self);
  update_count (self);
}

static void
update_placeholder (TcSendBox *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder),
                          gtk_text_buffer_get_char_count (get_buffer (self)) == 0);
}

static void
tc_send_box_update_sensitivity (TcSendBox *self)
{
  const char *reason = self->disabled_reason != NULL && self->disabled_reason[0] != '\0'
                       ? self->disabled_reason : _("Cannot send now");

  /* The editor stays editable: a message can be composed while nothing
   * can be sent (a click on an insensitive editor would leave the keyboard
   * where it was, in Host say); Send and Enter wait for can-send. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), self->can_send);

  if (self->can_send)
    {
      tc_widget_update_tooltip (GTK_WIDGET (self), NULL);
      tc_widget_update_tooltip (GTK_WIDGET (self->view), NULL);
      tc_widget_update_tooltip (GTK_WIDGET (self->send_button),
                                _("Send the message (Enter); Shift+Enter starts a new line"));
      gtk_label_set_text (self->placeholder, _(DEFAULT_PLACEHOLDER));
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->view),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  else
    {
      tc_widget_update_tooltip (GTK_WIDGET (self), reason);
      tc_widget_update_tooltip (GTK_WIDGET (self->view), reason);
      tc_widget_update_tooltip (GTK_WIDGET (self->send_button), reason);
      gtk_label_set_text (self->placeholder, reason);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason,
                                      -1);
    }
}

static void
tc_send_box_remember (TcSendBox  *self,
                      const char *text)
{
  if (text[0] == '\0')
    return;
  if (self->history->len > 0 &&
      g_strcmp0 (g_ptr_array_index (self->history, self->history->len - 1), text) == 0)
    return;
  if (self->history->len >= TC_SEND_BOX_HISTORY_MAX)
    g_ptr_array_remove_index (self->history, 0);
  g_ptr_array_add (self->history, g_strdup (text));
}

static void
tc_send_box_reset_history_walk (TcSendBox *self)
{
  self->history_pos = self->history->len;
  g_clear_pointer (&self->draft, g_free);
}

/* Puts text in the editor with the cursor at its end. */
static void
show_text (TcSendBox  *self,
           const char *text)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_view_scroll_mark_onscreen (self->view, gtk_text_buffer_get_insert (buffer));
}

/* Sends what the editor holds, exactly as it is (several lines, "\r"
 * included) in the input mode and encoding, and empties it. Empty input
 * is an empty message: in lines framing the line ending alone, the way
 * to send a bare newline. Input that cannot be read as bytes, or that the
 * framing cannot carry, is an error under the editor, and nothing is
 * sent. */
void
tc_send_box_send (TcSendBox *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GError) error = NULL;
  gsize error_offset = G_MAXSIZE;
  gboolean sent = FALSE;

  g_return_if_fail (TC_IS_SEND_BOX (self));

  if (!self->can_send)
    return;

  text = tc_send_box_dup_text (self);
  bytes = input_to_bytes (self, text, &error_offset, &error);
  if (bytes == NULL)
    {
      show_error (self, error->message, error_offset);
      return;
    }
  wire = frame_message (self, bytes, &error);
  if (wire == NULL)
    {
      show_error (self, error->message, G_MAXSIZE);
      return;
    }
  /* Raw framing sends the bytes alone: nothing is nothing to send. */
  if (g_bytes_get_size (wire) == 0)
    return;

  /* A handler that cannot take the message says why; the text stays. */
  g_signal_emit (self, signals[SEND_BYTES], 0, bytes, &sent);
  if (!sent)
    return;

  tc_send_box_remember (self, text);
  tc_send_box_reset_history_walk (self);
  gtk_text_buffer_set_text (get_buffer (self), "", 0);
}

static void
tc_send_box_show_history (TcSendBox *self)
{
  const char *text;

  if (self->history_pos < self->history->len)
    text = g_ptr_array_index (self->history, self->history_pos);
  else
    text = self->draft != NULL ? self->draft : "";

  show_text (self, text);
}

/* Whether the cursor is on the first (or last) line as shown, wrapped
 * lines counted: there Up (or Down) walks the history, elsewhere it moves
 * the cursor. */
static gboolean
cursor_on_edge_line (TcSendBox *self,
                     gboolean   first)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  if (first)
    {
      gtk_text_view_backward_display_line_start (self->view, &iter);
      return gtk_text_iter_is_start (&iter);
    }

  gtk_text_view_forward_display_line_end (self->view, &iter);
  return gtk_text_iter_is_end (&iter);
}

static gboolean
view_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TcSendBox             *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      if (mods == 0)
        {
          tc_send_box_send (self);
          return TRUE;
        }
      if (mods == GDK_SHIFT_MASK)
        {
          GtkTextBuffer *buffer = get_buffer (self);

          gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
          gtk_text_buffer_insert_interactive_at_cursor (buffer, "\n", 1, TRUE);
          gtk_text_view_scroll_mark_onscreen (self->view, gtk_text_buffer_get_insert (buffer));
          return TRUE;
        }
      return FALSE;
    }

  if (mods != 0)
    return FALSE;

  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    {
      if (!cursor_on_edge_line (self, TRUE))
        return FALSE;
      if (self->history_pos == 0)
        return TRUE;
      if (self->history_pos == self->history->len)
        {
          g_free (self->draft);
          self->draft = tc_send_box_dup_text (self);
        }
      self->history_pos--;
      tc_send_box_show_history (self);
      return TRUE;
    }

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      if (!cursor_on_edge_line (self, FALSE))
        return FALSE;
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
send_button_clicked_cb (TcSendBox *self)
{
  tc_send_box_send (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* The editor grows with its text up to TC_SEND_BOX_VISIBLE_LINES lines of
 * the current font, then scrolls. */
static void
update_max_height (TcSendBox *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int line = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
  int margins = gtk_text_view_get_top_margin (self->view) +
                gtk_text_view_get_bottom_margin (self->view);

  if (line <= 0)
    line = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                              pango_font_metrics_get_descent (metrics));
  pango_font_metrics_unref (metrics);
  line = MAX (line, 1);
  gtk_scrolled_window_set_max_content_height (self->scroller,
                                              TC_SEND_BOX_VISIBLE_LINES * line + margins);
}

static void
tc_send_box_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (tc_send_box_parent_class)->css_changed (widget, change);
  update_max_height (TC_SEND_BOX (widget));
}

/* GTK 4.8 warns when a scrolled window is unmapped in the middle of an
 * animated scroll (its adjustment disconnects the frame clock twice): the
 * scroll is stopped first. */
static void
tc_send_box_unmap (GtkWidget *widget)
{
  TcSendBox *self = TC_SEND_BOX (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment));

  GTK_WIDGET_CLASS (tc_send_box_parent_class)->unmap (widget);
}

static gboolean
tc_send_box_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TC_SEND_BOX (widget)->view));
}

/* Shift+Tab from the editor leaves the box: nothing in it comes before the
 * editor, and GTK's default would focus the box itself last, which
 * grab_focus sends back into the editor. */
static gboolean
tc_send_box_focus (GtkWidget        *widget,
                   GtkDirectionType  direction)
{
  TcSendBox *self = TC_SEND_BOX (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (direction == GTK_DIR_TAB_BACKWARD && focus != NULL &&
      (focus == GTK_WIDGET (self->view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view))))
    return FALSE;
  return GTK_WIDGET_CLASS (tc_send_box_parent_class)->focus (widget, direction);
}

static void
tc_send_box_dispose (GObject *object)
{
  /* The actions hold the box: let go of them here, as the log view does. */
  gtk_widget_insert_action_group (GTK_WIDGET (object), "send", NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TC_TYPE_SEND_BOX);

  G_OBJECT_CLASS (tc_send_box_parent_class)->dispose (object);
}

static void
tc_send_box_finalize (GObject *object)
{
  TcSendBox *self = TC_SEND_BOX (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->draft, g_free);
  g_clear_pointer (&self->disabled_reason, g_free);
  g_clear_pointer (&self->framing, tc_framing_unref);
  g_clear_object (&self->framer);

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
    case PROP_INPUT_MODE:
      g_value_set_enum (value, self->input_mode);
      break;
    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;
    case PROP_LINE_ENDING:
      g_value_set_enum (value, self->line_ending);
      break;
    case PROP_FRAMING:
      g_value_set_boxed (value, self->framing);
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
    case PROP_INPUT_MODE:
      tc_send_box_set_input_mode (self, g_value_get_enum (value));
      break;
    case PROP_ENCODING:
      if (!tc_send_box_set_encoding (self, g_value_get_string (value)))
        g_warning ("Unknown encoding “%s” for the send box", g_value_get_string (value));
      break;
    case PROP_LINE_ENDING:
      tc_send_box_set_line_ending (self, g_value_get_enum (value));
      break;
    case PROP_FRAMING:
      tc_send_box_set_framing (self, g_value_get_boxed (value));
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
  widget_class->css_changed = tc_send_box_css_changed;
  widget_class->grab_focus = tc_send_box_grab_focus;
  widget_class->focus = tc_send_box_focus;
  widget_class->unmap = tc_send_box_unmap;

  properties[PROP_CAN_SEND] =
    g_param_spec_boolean ("can-send", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISABLED_REASON] =
    g_param_spec_string ("disabled-reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INPUT_MODE] =
    g_param_spec_enum ("input-mode", NULL, NULL,
                       TC_TYPE_SEND_MODE, TC_SEND_MODE_TEXT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, TC_ENCODING_UTF8,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LINE_ENDING] =
    g_param_spec_enum ("line-ending", NULL, NULL, TC_TYPE_LINE_ENDING, TC_LINE_ENDING_LF,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FRAMING] =
    g_param_spec_boxed ("framing", NULL, NULL, TC_TYPE_FRAMING,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* gboolean send-bytes (TcSendBox *self, GBytes *bytes): the message as
   * bytes, in the input mode and encoding, unframed; TRUE when sent (the
   * editor empties), FALSE, having said why, to keep it. */
  signals[SEND_BYTES] =
    g_signal_new ("send-bytes",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_BYTES);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-send-box.ui");
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, editor_box);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, overlay);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, error_label);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, count_label);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, scroller);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, view);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, placeholder);
  gtk_widget_class_bind_template_child (widget_class, TcSendBox, send_button);
  gtk_widget_class_bind_template_callback (widget_class, send_button_clicked_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* "send.input-mode", "send.encoding" and "send.line-ending", stateful,
 * their state the property's value as a string ("text", "hex", "escapes";
 * "UTF-8", "GB18030", ...; "lf", "crlf", "cr", "none").
 * A GActionGroup, as every action of the program (see tc-session-pane.c).
 */
static void
add_property_actions (TcSendBox *self)
{
  static const char * const names[] = { "input-mode", "encoding", "line-ending" };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (names[i], self, names[i]);

      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "send", G_ACTION_GROUP (group));
}

static void
tc_send_box_init (TcSendBox *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new_with_free_func (g_free);
  self->disabled_reason = g_strdup (_("Nobody to send to"));
  self->encoding = TC_ENCODING_UTF8;
  self->framing = tc_framing_new_lines ();
  self->framer = tc_framing_create_framer (self->framing, 0);
  self->error_tag = gtk_text_buffer_create_tag (get_buffer (self), "tc-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "background", "rgba(192,28,40,0.3)",
                                                NULL);

  add_property_actions (self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (view_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), keys);

  g_signal_connect_object (get_buffer (self), "changed",
                           G_CALLBACK (update_placeholder), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_buffer (self), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Send box"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  update_max_height (self);
  update_placeholder (self);
  update_count (self);
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

GtkTextView *
tc_send_box_get_view (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->view;
}

GtkButton *
tc_send_box_get_button (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->send_button;
}

const char *
tc_send_box_get_placeholder (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return gtk_label_get_text (self->placeholder);
}

/* The whole text, every line. Free it with g_free(). */
char *
tc_send_box_dup_text (TcSendBox *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (get_buffer (self), &start, &end, TRUE);
}

void
tc_send_box_set_text (TcSendBox  *self,
                      const char *text)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));
  show_text (self, text != NULL ? text : "");
}

guint
tc_send_box_get_history_length (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), 0);
  return self->history->len;
}

TcSendMode
tc_send_box_get_input_mode (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), TC_SEND_MODE_TEXT);
  return self->input_mode;
}

/* How the editor's input is read: text in the encoding, or hex. The
 * input stays as it is: switching reads it the other way. */
void
tc_send_box_set_input_mode (TcSendBox  *self,
                            TcSendMode  mode)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));
  g_return_if_fail (mode <= TC_SEND_MODE_ESCAPES);

  if (self->input_mode == mode)
    return;
  self->input_mode = mode;
  clear_error (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_MODE]);
}

const char *
tc_send_box_get_encoding (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->encoding;
}

/**
 * tc_send_box_set_encoding:
 * @encoding: one of tc_encoding_list() (or an alias, such as "GBK")
 *
 * The encoding typed text is sent in. An unknown name changes nothing.
 *
 * Returns: whether @encoding is known
 */
gboolean
tc_send_box_set_encoding (TcSendBox  *self,
                          const char *encoding)
{
  const char *canonical = tc_encoding_lookup (encoding);

  g_return_val_if_fail (TC_IS_SEND_BOX (self), FALSE);

  if (canonical == NULL)
    return FALSE;
  if (canonical == self->encoding)
    return TRUE;
  self->encoding = canonical;
  clear_error (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
  return TRUE;
}

TcLineEnding
tc_send_box_get_line_ending (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), TC_LINE_ENDING_LF);
  return self->line_ending;
}

/* What ends a message in lines framing; the sender ends it so (the
 * session's line-ending): here it is counted. */
void
tc_send_box_set_line_ending (TcSendBox    *self,
                             TcLineEnding  ending)
{
  g_return_if_fail (TC_IS_SEND_BOX (self));
  g_return_if_fail (ending <= TC_LINE_ENDING_NONE);

  if (self->line_ending == ending)
    return;
  self->line_ending = ending;
  clear_error (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ENDING]);
}

/* Returns: (transfer none): the framing messages are counted and checked in */
TcFraming *
tc_send_box_get_framing (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return self->framing;
}

/* @framing: (nullable): the session's framing; NULL for lines */
void
tc_send_box_set_framing (TcSendBox *self,
                         TcFraming *framing)
{
  g_autoptr(TcFraming) new_framing = NULL;

  g_return_if_fail (TC_IS_SEND_BOX (self));

  new_framing = framing != NULL ? tc_framing_ref (framing) : tc_framing_new_lines ();
  if (tc_framing_equal (self->framing, new_framing))
    return;
  tc_framing_unref (self->framing);
  self->framing = g_steal_pointer (&new_framing);
  g_clear_object (&self->framer);
  self->framer = tc_framing_create_framer (self->framing, 0);
  clear_error (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

/* The bytes Send would send now, or NULL with the reason it cannot. */
GBytes *
tc_send_box_dup_bytes (TcSendBox  *self,
                       GError    **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);

  text = tc_send_box_dup_text (self);
  return input_to_bytes (self, text, NULL, error);
}

/* "5 bytes", or "—" while the input cannot be read. */
const char *
tc_send_box_get_count_text (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);
  return gtk_label_get_text (self->count_label);
}

/* Why the last Send sent nothing, or NULL. */
const char *
tc_send_box_get_error_text (TcSendBox *self)
{
  g_return_val_if_fail (TC_IS_SEND_BOX (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

/* The characters highlighted as the error's position, if any. */
gboolean
tc_send_box_get_error_range (TcSendBox *self,
                             int       *start,
                             int       *end)
{
  GtkTextIter iter;

  g_return_val_if_fail (TC_IS_SEND_BOX (self), FALSE);

  gtk_text_buffer_get_start_iter (get_buffer (self), &iter);
  if (!gtk_text_iter_starts_tag (&iter, self->error_tag) &&
      !gtk_text_iter_forward_to_tag_toggle (&iter, self->error_tag))
    return FALSE;
  if (start != NULL)
    *start = gtk_text_iter_get_offset (&iter);
  gtk_text_iter_forward_to_tag_toggle (&iter, self->error_tag);
  if (end != NULL)
    *end = gtk_text_iter_get_offset (&iter);
  return TRUE;
}
