/* tc-status-bar.c: labelled segments and a last-message segment
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-status-bar.h"

#include "tc-widgets.h"

#include <glib/gi18n.h>

struct _TcStatusBar
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkBox       *segments;
  GtkWidget    *message_separator;
  GtkLabel     *message_label;

  /* owned */
  GHashTable   *by_id;        /* id -> GtkLabel (borrowed from segments) */
  char         *message;

  /* plain state */
  TcStatusKind  message_kind;
};

G_DEFINE_FINAL_TYPE (TcStatusBar, tc_status_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  PROP_MESSAGE_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A separator shows only between two shown segments. */
static void
tc_status_bar_update_separators (TcStatusBar *self)
{
  gboolean shown_before = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->segments));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *next;

      if (!GTK_IS_SEPARATOR (child))
        {
          shown_before = shown_before || gtk_widget_get_visible (child);
          continue;
        }

      next = gtk_widget_get_next_sibling (child);
      gtk_widget_set_visible (child, shown_before && next != NULL &&
                                     gtk_widget_get_visible (next));
    }
}

static void
tc_status_bar_dispose (GObject *object)
{
  TcStatusBar *self = TC_STATUS_BAR (object);

  g_hash_table_remove_all (self->by_id);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_STATUS_BAR);
  /* What tc_status_bar_add_widget() put at the end. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tc_status_bar_parent_class)->dispose (object);
}

static void
tc_status_bar_finalize (GObject *object)
{
  TcStatusBar *self = TC_STATUS_BAR (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (tc_status_bar_parent_class)->finalize (object);
}

static void
tc_status_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TcStatusBar *self = TC_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_MESSAGE_KIND:
      g_value_set_enum (value, self->message_kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The message may be cut short on screen; its whole text is the tooltip,
 * made when asked for. Setting a tooltip costs X server round trips in
 * GTK 4.8, and a connect storm sets a message per client. */
static gboolean
message_query_tooltip_cb (GtkWidget  *label,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text[0] == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
tc_status_bar_class_init (TcStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  tc_widgets_init ();

  object_class->dispose = tc_status_bar_dispose;
  object_class->finalize = tc_status_bar_finalize;
  object_class->get_property = tc_status_bar_get_property;

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE_KIND] =
    g_param_spec_enum ("message-kind", NULL, NULL,
                       TC_TYPE_STATUS_KIND, TC_STATUS_INFO,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TcStatusBar, segments);
  gtk_widget_class_bind_template_child (widget_class, TcStatusBar, message_separator);
  gtk_widget_class_bind_template_child (widget_class, TcStatusBar, message_label);
  gtk_widget_class_bind_template_callback (widget_class, message_query_tooltip_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
tc_status_bar_init (TcStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status bar"),
                                  -1);
}

GtkWidget *
tc_status_bar_new (void)
{
  return g_object_new (TC_TYPE_STATUS_BAR, NULL);
}

/* Adds a segment after the others (or returns the existing one). Its label
 * is empty and hidden until set_segment() gives it text. */
GtkLabel *
tc_status_bar_add_segment (TcStatusBar *self,
                           const char  *id,
                           const char  *accessible_name)
{
  GtkWidget *label;

  g_return_val_if_fail (TC_IS_STATUS_BAR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  label = g_hash_table_lookup (self->by_id, id);
  if (label != NULL)
    return GTK_LABEL (label);

  if (gtk_widget_get_first_child (GTK_WIDGET (self->segments)) != NULL)
    gtk_box_append (self->segments, gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  label = gtk_label_new (NULL);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "tc-status-segment");
  gtk_widget_set_name (label, id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name != NULL ? accessible_name : id,
                                  -1);
  gtk_box_append (self->segments, label);
  g_hash_table_insert (self->by_id, g_strdup (id), label);
  tc_status_bar_update_separators (self);

  return GTK_LABEL (label);
}

/* Sets a segment's text, adding the segment (named after its id) first if
 * needed. */
void
tc_status_bar_set_segment (TcStatusBar *self,
                           const char  *id,
                           const char  *text)
{
  GtkLabel *label;

  g_return_if_fail (TC_IS_STATUS_BAR (self));
  g_return_if_fail (id != NULL);

  label = tc_status_bar_add_segment (self, id, NULL);
  if (g_strcmp0 (gtk_label_get_text (label), text != NULL ? text : "") != 0)
    gtk_label_set_text (label, text != NULL ? text : "");
}

void
tc_status_bar_set_segment_tooltip (TcStatusBar *self,
                                   const char  *id,
                                   const char  *tooltip)
{
  g_return_if_fail (TC_IS_STATUS_BAR (self));
  g_return_if_fail (id != NULL);

  tc_widget_update_tooltip (GTK_WIDGET (tc_status_bar_add_segment (self, id, NULL)), tooltip);
}

/**
 * tc_status_bar_show_tls:
 * @description: (nullable): "TLS 1.3, <cipher suite>", or %NULL to hide
 *   the segment (plain TCP)
 * @tooltip: (nullable): whose certificate it is
 *
 * The lock segment ("tls"), after the others: the same words in both windows.
 */
void
tc_status_bar_show_tls (TcStatusBar *self,
                        const char  *description,
                        const char  *tooltip)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_STATUS_BAR (self));

  tc_status_bar_add_segment (self, "tls", _("TLS"));
  if (description == NULL)
    {
      tc_status_bar_set_segment_visible (self, "tls", FALSE);
      return;
    }

  /* Words, not a lock glyph: the fonts of many systems have none.
   * TRANSLATORS: the status bar's TLS segment; %s is "TLS 1.3, <cipher suite>" */
  text = g_strdup_printf (_("Encrypted: %s"), description);
  tc_status_bar_set_segment (self, "tls", text);
  tc_status_bar_set_segment_tooltip (self, "tls", tooltip);
  tc_status_bar_set_segment_visible (self, "tls", TRUE);
}

/* The segment's text, or NULL if there is no such segment. */
const char *
tc_status_bar_get_segment (TcStatusBar *self,
                           const char  *id)
{
  GtkLabel *label;

  g_return_val_if_fail (TC_IS_STATUS_BAR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  label = g_hash_table_lookup (self->by_id, id);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

/* Shows or hides a segment together with the separator next to it. */
void
tc_status_bar_set_segment_visible (TcStatusBar *self,
                                   const char  *id,
                                   gboolean     visible)
{
  GtkWidget *label;

  g_return_if_fail (TC_IS_STATUS_BAR (self));
  g_return_if_fail (id != NULL);

  label = GTK_WIDGET (tc_status_bar_add_segment (self, id, NULL));
  gtk_widget_set_visible (label, visible);
  tc_status_bar_update_separators (self);
}

gboolean
tc_status_bar_get_segment_visible (TcStatusBar *self,
                                   const char  *id)
{
  GtkWidget *label;

  g_return_val_if_fail (TC_IS_STATUS_BAR (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  label = g_hash_table_lookup (self->by_id, id);
  return label != NULL && gtk_widget_get_visible (label);
}

GtkLabel *
tc_status_bar_get_segment_label (TcStatusBar *self,
                                 const char  *id)
{
  g_return_val_if_fail (TC_IS_STATUS_BAR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/* The last event or error, in plain words; NULL or "" clears it. */
void
tc_status_bar_set_message (TcStatusBar  *self,
                           TcStatusKind  kind,
                           const char   *text)
{
  gboolean empty;

  g_return_if_fail (TC_IS_STATUS_BAR (self));

  empty = text == NULL || text[0] == '\0';
  gtk_label_set_text (self->message_label, empty ? "" : text);
  gtk_widget_set_visible (self->message_separator, !empty);
  if (kind == TC_STATUS_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");

  if (g_strcmp0 (self->message, empty ? NULL : text) != 0)
    {
      g_free (self->message);
      self->message = empty ? NULL : g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->message_kind != kind)
    {
      self->message_kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_KIND]);
    }
}

const char *
tc_status_bar_get_message (TcStatusBar *self)
{
  g_return_val_if_fail (TC_IS_STATUS_BAR (self), NULL);
  return self->message;
}

TcStatusKind
tc_status_bar_get_message_kind (TcStatusBar *self)
{
  g_return_val_if_fail (TC_IS_STATUS_BAR (self), TC_STATUS_INFO);
  return self->message_kind;
}

/* Puts @widget at the end of the bar, after the message (an offer to
 * undo, say); the bar owns it from then on. */
void
tc_status_bar_add_widget (TcStatusBar *self,
                          GtkWidget   *widget)
{
  g_return_if_fail (TC_IS_STATUS_BAR (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_insert_before (widget, GTK_WIDGET (self), NULL);
}
