/* tc-message-inspector.c: the facts and bytes of one log message
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-message-inspector.h"

#include "tc-bytes-format.h"
#include "tc-escapes.h"
#include "tc-message-analysis.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

/* Offsets listed in a field; the rest are counted. */
#define SHOWN_OFFSETS 16
/* Entries above the message looked at for the previous one of its peer. */
#define GAP_SEARCH_STEPS 100000

/* The dump's lines, each made when the list asks for it: a 1 MiB message
 * is 65,536 lines, of which a screenful is ever made at once. */
#define TC_TYPE_DUMP_MODEL (tc_dump_model_get_type ())
G_DECLARE_FINAL_TYPE (TcDumpModel, tc_dump_model, TC, DUMP_MODEL, GObject)

struct _TcDumpModel
{
  GObject  parent_instance;
  GBytes  *bytes;  /* owned; NULL: no lines */
  guint    width;  /* bytes a line */
};

static GType
tc_dump_model_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
tc_dump_model_get_n_items (GListModel *model)
{
  TcDumpModel *self = TC_DUMP_MODEL (model);

  if (self->bytes == NULL)
    return 0;
  return (guint) MIN (tc_message_dump_n_lines (g_bytes_get_size (self->bytes), self->width),
                      G_MAXUINT);
}

static gpointer
tc_dump_model_get_item (GListModel *model,
                        guint       position)
{
  TcDumpModel *self = TC_DUMP_MODEL (model);
  g_autofree char *line = NULL;
  gsize len;
  const guint8 *data;

  if (position >= tc_dump_model_get_n_items (model))
    return NULL;
  data = g_bytes_get_data (self->bytes, &len);
  line = tc_message_dump_line (data, len, position, self->width);
  return gtk_string_object_new (line);
}

static void
tc_dump_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tc_dump_model_get_item_type;
  iface->get_n_items = tc_dump_model_get_n_items;
  iface->get_item = tc_dump_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TcDumpModel, tc_dump_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tc_dump_model_list_model_init))

static void
tc_dump_model_finalize (GObject *object)
{
  g_clear_pointer (&TC_DUMP_MODEL (object)->bytes, g_bytes_unref);
  G_OBJECT_CLASS (tc_dump_model_parent_class)->finalize (object);
}

static void
tc_dump_model_class_init (TcDumpModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tc_dump_model_finalize;
}

static void
tc_dump_model_init (TcDumpModel *self)
{
  self->width = TC_MESSAGE_DUMP_WIDTH;
}

static void
tc_dump_model_set_width (TcDumpModel *self,
                         guint        width)
{
  guint removed = tc_dump_model_get_n_items (G_LIST_MODEL (self));

  if (width == self->width)
    return;
  self->width = width;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                              tc_dump_model_get_n_items (G_LIST_MODEL (self)));
}

static void
tc_dump_model_set_bytes (TcDumpModel *self,
                         GBytes      *bytes)
{
  guint removed = tc_dump_model_get_n_items (G_LIST_MODEL (self));

  if (bytes != NULL)
    g_bytes_ref (bytes);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = bytes;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                              tc_dump_model_get_n_items (G_LIST_MODEL (self)));
}

struct _TcMessageInspector
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkWidget          *box;
  GtkLabel           *placeholder;
  GtkGrid            *fields;
  GtkWidget          *copy_buttons;
  GtkWidget          *dump_window;
  GtkListView        *dump_view;

  /* owned */
  TcLogEntry         *entry;
  TcDumpModel        *dump;
  GSimpleActionGroup *actions;
  char               *encoding;
  char               *values[TC_INSPECTOR_N_FIELDS];  /* NULL: the field is hidden */

  /* borrowed: the field's name and value labels */
  GtkWidget          *name_labels[TC_INSPECTOR_N_FIELDS];
  GtkWidget          *value_labels[TC_INSPECTOR_N_FIELDS];

  /* plain state */
  guint               dump_width;     /* bytes a dump line fits, once allocated */
  guint               dump_width_source;
};

G_DEFINE_FINAL_TYPE (TcMessageInspector, tc_message_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENTRY,
  PROP_ENCODING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
field_name (TcInspectorField field)
{
  switch (field)
    {
    case TC_INSPECTOR_FIELD_LENGTH:     return _("Length");
    case TC_INSPECTOR_FIELD_TIME:       return _("Time");
    /* TRANSLATORS: the time since the previous message from the same peer */
    case TC_INSPECTOR_FIELD_GAP:        return _("Gap");
    case TC_INSPECTOR_FIELD_TERMINATOR: return _("Ended by");
    case TC_INSPECTOR_FIELD_PREFIX:     return _("Length prefix");
    case TC_INSPECTOR_FIELD_INVALID:    return _("Invalid at");
    case TC_INSPECTOR_FIELD_CONTROLS:   return _("Control bytes at");
    case TC_INSPECTOR_FIELD_BOM:        return _("Byte order mark");
    case TC_INSPECTOR_FIELD_ENDINGS:    return _("Line endings inside");
    case TC_INSPECTOR_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static char *
format_length (TcLogEntry *entry)
{
  gsize len = g_bytes_get_size (tc_log_entry_get_bytes (entry));
  guint64 discarded = tc_log_entry_get_discarded (entry);
  g_autofree char *bytes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu byte", "%zu bytes",
                                                         (gulong) MIN (len, G_MAXULONG)),
                                            len);

  if (discarded == 0)
    return g_steal_pointer (&bytes);
  /* TRANSLATORS: a message's length, then the bytes it lost to the maximum */
  return g_strdup_printf (_("%s, truncated: %" PRIu64 " more were dropped"),
                          bytes, discarded);
}

static char *
format_gap (TcLogEntry *entry,
            TcLogModel *model)
{
  gint64 previous_us;
  gint64 gap;

  if (model == NULL || !tc_log_model_find_previous (model, entry, GAP_SEARCH_STEPS, &previous_us))
    return g_strdup (_("the first from this peer"));
  gap = tc_log_entry_get_time_us (entry) - previous_us;
  /* TRANSLATORS: milliseconds since the previous message from the same peer */
  return g_strdup_printf (_("%" PRId64 ".%03d ms after the previous one"),
                          gap / 1000, (int) (ABS (gap) % 1000));
}

static char *
format_terminator (TcLogEntry *entry)
{
  gsize len;
  const char *terminator = tc_log_entry_get_terminator (entry, &len);
  g_autofree char *hex = NULL;

  switch (tc_message_ending_classify (terminator, len))
    {
    case TC_MESSAGE_ENDING_LF:
      return g_strdup ("LF");
    case TC_MESSAGE_ENDING_CRLF:
      return g_strdup ("CRLF");
    case TC_MESSAGE_ENDING_CR:
      return g_strdup ("CR");
    case TC_MESSAGE_ENDING_DELIMITER:
      hex = tc_bytes_format_hex ((const guint8 *) terminator, len);
      /* TRANSLATORS: the delimiter's bytes as hex */
      return g_strdup_printf (_("delimiter %s"), hex);
    case TC_MESSAGE_ENDING_NONE:
    default:
      if (tc_log_entry_get_flags (entry) & TC_MESSAGE_FLAG_NO_TERMINATOR)
        return g_strdup (_("none: the stream ended first"));
      return g_strdup (_("none"));
    }
}

/* The prefix's value as read when the message came: the window's framing
 * may have changed since. A prefix cut short shows its bytes alone. */
static char *
format_prefix (TcLogEntry *entry)
{
  GBytes *header = tc_log_entry_get_header (entry);
  gsize len;
  const guint8 *data;
  g_autofree char *hex = NULL;
  guint64 value;

  if (header == NULL)
    return NULL;
  data = g_bytes_get_data (header, &len);
  hex = tc_bytes_format_hex (data, len);
  if (tc_log_entry_get_prefix_value (entry, &value))
    return g_strdup_printf ("%s = %" G_GUINT64_FORMAT, hex, value);
  return g_steal_pointer (&hex);
}

static char *
format_bom (TcMessageBom bom)
{
  switch (bom)
    {
    case TC_MESSAGE_BOM_UTF8:
      /* TRANSLATORS: a byte order mark found at the message's start */
      return g_strdup (_("UTF-8 (EF BB BF) at 0"));
    case TC_MESSAGE_BOM_UTF16_LE:
      return g_strdup (_("UTF-16 little endian (FF FE) at 0"));
    case TC_MESSAGE_BOM_UTF16_BE:
      return g_strdup (_("UTF-16 big endian (FE FF) at 0"));
    case TC_MESSAGE_BOM_NONE:
    default:
      return g_strdup (_("none"));
    }
}

static char *
format_endings (const TcMessageAnalysis *analysis)
{
  GString *out = g_string_new (NULL);

  if (analysis->n_lf > 0)
    g_string_append_printf (out, "LF ×%" G_GUINT64_FORMAT, analysis->n_lf);
  if (analysis->n_crlf > 0)
    g_string_append_printf (out, "%sCRLF ×%" G_GUINT64_FORMAT, out->len > 0 ? ", " : "",
                            analysis->n_crlf);
  if (analysis->n_cr > 0)
    g_string_append_printf (out, "%sCR ×%" G_GUINT64_FORMAT, out->len > 0 ? ", " : "",
                            analysis->n_cr);
  if (out->len == 0)
    g_string_append (out, _("none"));
  else if (tc_message_analysis_mixed_endings (analysis))
    /* TRANSLATORS: after the line endings found, when there are several kinds */
    g_string_append (out, _(" (mixed)"));
  return g_string_free (out, FALSE);
}

static void
fill_analysis (TcMessageInspector *self,
               const guint8       *data,
               gsize               len)
{
  g_autoptr(TcMessageAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;

  analysis = tc_message_analysis_new (data, len, self->encoding, &error);
  if (analysis == NULL)
    {
      self->values[TC_INSPECTOR_FIELD_INVALID] = g_strdup (error->message);
      return;
    }
  self->values[TC_INSPECTOR_FIELD_INVALID] =
    tc_message_format_offsets (analysis->invalid, analysis->n_invalid, SHOWN_OFFSETS);
  self->values[TC_INSPECTOR_FIELD_CONTROLS] =
    tc_message_format_offsets (analysis->controls, analysis->n_controls, SHOWN_OFFSETS);
  self->values[TC_INSPECTOR_FIELD_BOM] = format_bom (analysis->bom);
  self->values[TC_INSPECTOR_FIELD_ENDINGS] = format_endings (analysis);
}

/* The fields say what the entry is; the labels follow. */
static void
update_fields (TcMessageInspector *self,
               TcLogModel         *model)
{
  TcLogEntry *entry = self->entry;

  for (guint i = 0; i < TC_INSPECTOR_N_FIELDS; i++)
    g_clear_pointer (&self->values[i], g_free);

  if (entry != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (tc_log_entry_get_bytes (entry), &len);

      self->values[TC_INSPECTOR_FIELD_LENGTH] = format_length (entry);
      self->values[TC_INSPECTOR_FIELD_TIME] =
        tc_format_time_us (tc_log_entry_get_time_us (entry), TRUE);
      self->values[TC_INSPECTOR_FIELD_GAP] = format_gap (entry, model);
      self->values[TC_INSPECTOR_FIELD_TERMINATOR] = format_terminator (entry);
      self->values[TC_INSPECTOR_FIELD_PREFIX] = format_prefix (entry);
      fill_analysis (self, data, len);
    }

  for (guint i = 0; i < TC_INSPECTOR_N_FIELDS; i++)
    {
      gboolean shown = self->values[i] != NULL;

      gtk_label_set_text (GTK_LABEL (self->value_labels[i]), shown ? self->values[i] : "");
      gtk_widget_set_visible (self->name_labels[i], shown);
      gtk_widget_set_visible (self->value_labels[i], shown);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), entry == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->fields), entry != NULL);
  gtk_widget_set_visible (self->copy_buttons, entry != NULL);
  gtk_widget_set_visible (self->dump_window, entry != NULL);
}

static void
update_actions (TcMessageInspector *self)
{
  static const char * const names[] = { "copy-hex", "copy-escaped", "copy-c-array" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (
                                   G_ACTION_MAP (self->actions), names[i])),
                                 self->entry != NULL);
}

static void
copy_hex_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  tc_message_inspector_copy (user_data, TC_INSPECTOR_COPY_HEX);
}

static void
copy_escaped_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  tc_message_inspector_copy (user_data, TC_INSPECTOR_COPY_ESCAPED);
}

static void
copy_c_array_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  tc_message_inspector_copy (user_data, TC_INSPECTOR_COPY_C_ARRAY);
}

static const GActionEntry inspector_entries[] = {
  { .name = "copy-hex", .activate = copy_hex_action },
  { .name = "copy-escaped", .activate = copy_escaped_action },
  { .name = "copy-c-array", .activate = copy_c_array_action },
};

static void
setup_dump_line (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (item, label);
}

static void
bind_dump_line (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkStringObject *line = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (line));
}

static void
add_field_labels (TcMessageInspector *self)
{
  for (guint i = 0; i < TC_INSPECTOR_N_FIELDS; i++)
    {
      GtkWidget *name = gtk_label_new (field_name (i));
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 1.0f);
      gtk_label_set_yalign (GTK_LABEL (name), 0.0f);
      gtk_widget_add_css_class (name, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      /* As wide at least as at most: a window's minimum height is asked
       * at its minimum width, where a narrower label would wrap tall. */
      gtk_label_set_width_chars (GTK_LABEL (value), 30);
      gtk_label_set_max_width_chars (GTK_LABEL (value), 30);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_add_css_class (value, "tc-inspector-value");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL, -1);
      gtk_grid_attach (self->fields, name, 0, (int) i, 1, 1);
      gtk_grid_attach (self->fields, value, 1, (int) i, 1, 1);
      self->name_labels[i] = name;
      self->value_labels[i] = value;
    }
}

/* The dump's lines are rebuilt out of the allocation: a list model that
 * changes there would ask for another. */
static gboolean
apply_dump_width (gpointer data)
{
  TcMessageInspector *self = data;

  self->dump_width_source = 0;
  tc_dump_model_set_width (self->dump, self->dump_width);
  return G_SOURCE_REMOVE;
}

static void
tc_message_inspector_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  gtk_widget_measure (TC_MESSAGE_INSPECTOR (widget)->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
tc_message_inspector_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (TC_MESSAGE_INSPECTOR (widget)->box);
}

/* No layout manager: GTK calls size_allocate only without one. 16 bytes a
 * dump line, as xxd, when the pane is wide enough; 8 when not. */
static void
tc_message_inspector_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  TcMessageInspector *self = TC_MESSAGE_INSPECTOR (widget);
  PangoFontMetrics *metrics;
  int char_width;
  guint fits;

  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (GTK_WIDGET (self->dump_view)),
                                       NULL, NULL);
  char_width = MAX (pango_font_metrics_get_approximate_digit_width (metrics), PANGO_SCALE);
  pango_font_metrics_unref (metrics);
  /* The list's rows have some padding: a few characters to spare. */
  fits = (guint) (width * PANGO_SCALE / char_width);
  fits = fits >= tc_message_dump_line_chars (TC_MESSAGE_DUMP_WIDTH) + 3
         ? TC_MESSAGE_DUMP_WIDTH : TC_MESSAGE_DUMP_NARROW_WIDTH;
  if (fits != self->dump_width)
    {
      self->dump_width = fits;
      if (self->dump_width_source == 0)
        self->dump_width_source = g_idle_add (apply_dump_width, self);
    }
}

static void
tc_message_inspector_dispose (GObject *object)
{
  TcMessageInspector *self = TC_MESSAGE_INSPECTOR (object);

  g_clear_handle_id (&self->dump_width_source, g_source_remove);
  g_clear_object (&self->entry);
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_MESSAGE_INSPECTOR);
  g_clear_object (&self->dump);

  G_OBJECT_CLASS (tc_message_inspector_parent_class)->dispose (object);
}

static void
tc_message_inspector_finalize (GObject *object)
{
  TcMessageInspector *self = TC_MESSAGE_INSPECTOR (object);

  g_free (self->encoding);
  for (guint i = 0; i < TC_INSPECTOR_N_FIELDS; i++)
    g_free (self->values[i]);

  G_OBJECT_CLASS (tc_message_inspector_parent_class)->finalize (object);
}

static void
tc_message_inspector_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TcMessageInspector *self = TC_MESSAGE_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_ENCODING:
      g_value_set_string (value, tc_message_inspector_get_encoding (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_message_inspector_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TcMessageInspector *self = TC_MESSAGE_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_ENCODING:
      tc_message_inspector_set_encoding (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_message_inspector_class_init (TcMessageInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_message_inspector_dispose;
  object_class->finalize = tc_message_inspector_finalize;
  object_class->get_property = tc_message_inspector_get_property;
  object_class->set_property = tc_message_inspector_set_property;
  widget_class->measure = tc_message_inspector_measure;
  widget_class->get_request_mode = tc_message_inspector_get_request_mode;
  widget_class->size_allocate = tc_message_inspector_size_allocate;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, TC_TYPE_LOG_ENTRY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, TC_ENCODING_UTF8,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcpchat/ui/tc-message-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, TcMessageInspector, box);
  gtk_widget_class_bind_template_child (widget_class, TcMessageInspector, placeholder);
  gtk_widget_class_bind_template_child (widget_class, TcMessageInspector, fields);
  gtk_widget_class_bind_template_child (widget_class, TcMessageInspector, copy_buttons);
  gtk_widget_class_bind_template_child (widget_class, TcMessageInspector, dump_window);
  gtk_widget_class_bind_template_child (widget_class, TcMessageInspector, dump_view);
  gtk_widget_class_set_css_name (widget_class, "tcmessageinspector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tc_message_inspector_init (TcMessageInspector *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->dump_width = TC_MESSAGE_DUMP_WIDTH;

  add_field_labels (self);
  self->dump = g_object_new (TC_TYPE_DUMP_MODEL, NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_dump_line), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_dump_line), NULL);
  gtk_list_view_set_factory (self->dump_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->dump_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             g_object_ref (G_LIST_MODEL (self->dump)))));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), inspector_entries,
                                   G_N_ELEMENTS (inspector_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "inspector", G_ACTION_GROUP (self->actions));
  update_actions (self);
  update_fields (self, NULL);
}

GtkWidget *
tc_message_inspector_new (void)
{
  return g_object_new (TC_TYPE_MESSAGE_INSPECTOR, NULL);
}

/**
 * tc_message_inspector_set_entry:
 * @entry: (nullable): what to show, or NULL for nothing
 * @model: (nullable): the log @entry is from, for the gap to the previous
 *   message of its peer
 */
void
tc_message_inspector_set_entry (TcMessageInspector *self,
                                TcLogEntry         *entry,
                                TcLogModel         *model)
{
  g_return_if_fail (TC_IS_MESSAGE_INSPECTOR (self));
  g_return_if_fail (entry == NULL || TC_IS_LOG_ENTRY (entry));
  g_return_if_fail (model == NULL || TC_IS_LOG_MODEL (model));

  if (!g_set_object (&self->entry, entry))
    return;
  update_fields (self, model);
  tc_dump_model_set_bytes (self->dump, entry != NULL ? tc_log_entry_get_bytes (entry) : NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

/* Returns: (transfer none) (nullable): the entry shown */
TcLogEntry *
tc_message_inspector_get_entry (TcMessageInspector *self)
{
  g_return_val_if_fail (TC_IS_MESSAGE_INSPECTOR (self), NULL);
  return self->entry;
}

/* The encoding invalid sequences are looked for in; NULL for UTF-8. */
void
tc_message_inspector_set_encoding (TcMessageInspector *self,
                                   const char         *encoding)
{
  g_return_if_fail (TC_IS_MESSAGE_INSPECTOR (self));

  if (g_strcmp0 (encoding, tc_message_inspector_get_encoding (self)) == 0)
    return;
  g_free (self->encoding);
  self->encoding = g_strdup (encoding);
  if (self->entry != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (tc_log_entry_get_bytes (self->entry), &len);

      for (guint i = TC_INSPECTOR_FIELD_INVALID; i < TC_INSPECTOR_N_FIELDS; i++)
        g_clear_pointer (&self->values[i], g_free);
      fill_analysis (self, data, len);
      for (guint i = TC_INSPECTOR_FIELD_INVALID; i < TC_INSPECTOR_N_FIELDS; i++)
        gtk_label_set_text (GTK_LABEL (self->value_labels[i]),
                            self->values[i] != NULL ? self->values[i] : "");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

const char *
tc_message_inspector_get_encoding (TcMessageInspector *self)
{
  g_return_val_if_fail (TC_IS_MESSAGE_INSPECTOR (self), NULL);
  return self->encoding != NULL ? self->encoding : TC_ENCODING_UTF8;
}

/**
 * tc_message_inspector_dup_field:
 *
 * Returns: (transfer full) (nullable): the field's text as shown, or NULL
 *   when it is hidden (no entry, or no length prefix)
 */
char *
tc_message_inspector_dup_field (TcMessageInspector *self,
                                TcInspectorField    field)
{
  g_return_val_if_fail (TC_IS_MESSAGE_INSPECTOR (self), NULL);
  g_return_val_if_fail (field < TC_INSPECTOR_N_FIELDS, NULL);

  return g_strdup (self->values[field]);
}

/* Returns: (transfer full) (nullable): the entry's bytes in @format */
char *
tc_message_inspector_dup_copy_text (TcMessageInspector *self,
                                    TcInspectorCopy     format)
{
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (TC_IS_MESSAGE_INSPECTOR (self), NULL);

  if (self->entry == NULL)
    return NULL;
  data = g_bytes_get_data (tc_log_entry_get_bytes (self->entry), &len);
  switch (format)
    {
    case TC_INSPECTOR_COPY_HEX:
      return tc_bytes_format_hex (data, len);
    case TC_INSPECTOR_COPY_ESCAPED:
      return tc_escapes_format (data, len);
    case TC_INSPECTOR_COPY_C_ARRAY:
      return tc_message_format_c_array (data, len);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Puts the entry's bytes in @format on the clipboard. */
void
tc_message_inspector_copy (TcMessageInspector *self,
                           TcInspectorCopy     format)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_MESSAGE_INSPECTOR (self));

  text = tc_message_inspector_dup_copy_text (self, format);
  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/* Returns: (transfer none): the dump's lines, GtkStringObject each */
GListModel *
tc_message_inspector_get_dump (TcMessageInspector *self)
{
  g_return_val_if_fail (TC_IS_MESSAGE_INSPECTOR (self), NULL);
  return G_LIST_MODEL (self->dump);
}
