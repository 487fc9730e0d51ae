/* tc-saved-messages-panel.c: the saved messages' button and list, sent with a click or Ctrl+1..9
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-saved-messages-panel.h"

#include "tc-bytes-format.h"
#include "tc-file-dialog.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Ctrl+1 to Ctrl+9. */
#define N_SHORTCUTS 9
/* A name made from the text is at most this long. */
#define NAME_FROM_TEXT_MAX 24

struct _TcSavedMessagesPanel
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkMenuButton   *button;
  GtkPopover      *popover;
  GtkStack        *stack;
  GtkListBox      *list_box;
  GtkLabel        *status_label;
  GtkLabel        *form_title;
  GtkEntry        *name_entry;
  GtkTextView     *text_view;
  GtkDropDown     *mode_dropdown;
  GtkDropDown     *ending_dropdown;
  GtkDropDown     *encoding_dropdown;
  GtkLabel        *form_error;
  GtkButton       *save_button;

  /* owned */
  TcSavedMessages *model;
  TcSendBox       *send_box;
  TcSession       *session;
  GCancellable    *choose_cancellable;  /* the import or export file dialog */

  /* plain state */
  int              editing;             /* the message the form edits; -1: a new one */
};

G_DEFINE_FINAL_TYPE (TcSavedMessagesPanel, tc_saved_messages_panel, GTK_TYPE_WIDGET)

/* One list for the whole process, so that every window shows the same;
 * read once from the user's config. When that file cannot be read, it is
 * not written over: the person may want to fix it. */
static TcSavedMessages *shared_model;
static char *shared_load_error;

static TcSavedMessages *
get_shared_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (shared_model != NULL)
    return g_object_ref (shared_model);

  shared_model = tc_saved_messages_new ();
  g_object_add_weak_pointer (G_OBJECT (shared_model), (gpointer *) &shared_model);
  g_clear_pointer (&shared_load_error, g_free);

  path = tc_saved_messages_default_path ();
  if (!tc_saved_messages_load_from_file (shared_model, path, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* TRANSLATORS: why the file could not be read */
      shared_load_error = g_strdup_printf (_("Saved messages not kept: %s. Fix or remove the "
                                             "file, then start again."), error->message);
    }

  return shared_model;
}

static void
show_status (TcSavedMessagesPanel *self,
             const char           *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

/* Writes the list after a change; says why not when it cannot. */
static gboolean
store (TcSavedMessagesPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (shared_load_error != NULL)
    {
      show_status (self, shared_load_error);
      return FALSE;
    }

  path = tc_saved_messages_default_path ();
  if (!tc_saved_messages_save_to_file (self->model, path, &error))
    {
      show_status (self, error->message);
      return FALSE;
    }

  show_status (self, NULL);
  return TRUE;
}

/* The list's rows */

static char *
describe (TcSavedMessage *message)
{
  static const char * const modes[] = { N_("Text"), N_("Hex"), N_("Escapes") };
  static const char * const endings[] = { "LF", "CRLF", "CR", N_("None") };
  const char *text = tc_saved_message_get_text (message);
  const char *newline = strchr (text, '\n');
  g_autofree char *first_line = g_strndup (text, newline != NULL ? (gsize) (newline - text)
                                                                 : strlen (text));
  const char *encoding = tc_saved_message_get_encoding (message);

  /* TRANSLATORS: the first line of a message, its input mode, line ending and encoding */
  return g_strdup_printf (_("%s · %s · %s%s%s"), first_line,
                          _(modes[tc_saved_message_get_mode (message)]),
                          _(endings[tc_saved_message_get_line_ending (message)]),
                          encoding != NULL ? " · " : "", encoding != NULL ? encoding : "");
}

static int
row_index (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

/* A row's buttons act on the row's position when clicked, through the
 * same actions as the keys. */
static void
row_button_clicked (GtkButton *button,
                    gpointer   user_data)
{
  const char *action = user_data;
  int index = row_index (GTK_WIDGET (button));

  if (index >= 0)
    gtk_widget_activate_action (GTK_WIDGET (button), action, "u", (guint32) index);
}

static GtkWidget *
row_button (const char *icon_name,
            const char *label,
            const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (row_button_clicked), (gpointer) action);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TcSavedMessage *message = item;
  g_autofree char *summary = describe (message);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *hint = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (tc_saved_message_get_name (message));
  GtkWidget *detail = gtk_label_new (summary);
  GtkWidget *send = gtk_button_new_with_label (_("Send"));

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 2);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);

  gtk_label_set_width_chars (GTK_LABEL (hint), 6);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  g_object_set_data (G_OBJECT (row), "hint", hint);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 30);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), detail);

  gtk_widget_set_valign (send, GTK_ALIGN_CENTER);
  g_signal_connect (send, "clicked", G_CALLBACK (row_button_clicked), "win.saved-send");

  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), send);
  gtk_box_append (GTK_BOX (box), row_button ("document-edit-symbolic", _("Edit"),
                                             "win.saved-edit"));
  gtk_box_append (GTK_BOX (box), row_button ("go-up-symbolic", _("Move Up"),
                                             "win.saved-move-up"));
  gtk_box_append (GTK_BOX (box), row_button ("go-down-symbolic", _("Move Down"),
                                             "win.saved-move-down"));
  gtk_box_append (GTK_BOX (box), row_button ("user-trash-symbolic", _("Delete"),
                                             "win.saved-delete"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tc_saved_message_get_name (message), -1);
  return row;
}

/* Each row's key, after any change of positions. */
static void
update_hints (TcSavedMessagesPanel *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      GtkLabel *hint = g_object_get_data (G_OBJECT (row), "hint");
      g_autofree char *text = NULL;

      /* TRANSLATORS: the key that sends a saved message, as Ctrl+1 */
      if (i < N_SHORTCUTS)
        text = g_strdup_printf (_("Ctrl+%d"), i + 1);
      gtk_label_set_text (hint, text != NULL ? text : "");
    }
}

static void
row_activated_cb (GtkListBox    *list_box,
                  GtkListBoxRow *row,
                  gpointer       user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (list_box), "win.saved-send", "u",
                              (guint32) gtk_list_box_row_get_index (row));
}

/* Sending */

static void
send_message (TcSavedMessagesPanel *self,
              guint                 position)
{
  TcSavedMessage *message = tc_saved_messages_get (self->model, position);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  TcLineEnding before;
  gboolean sent = FALSE;

  if (message == NULL)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: a position, from 1 */
      text = g_strdup_printf (_("There is no saved message %u"), position + 1);
      show_status (self, text);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (self->send_box == NULL || self->session == NULL)
    return;
  if (!tc_send_box_get_can_send (self->send_box))
    {
      const char *reason = tc_send_box_get_disabled_reason (self->send_box);

      show_status (self, reason != NULL ? reason : _("Nothing can be sent now"));
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  bytes = tc_saved_message_to_bytes (message, tc_send_box_get_encoding (self->send_box),
                                     &error);
  if (bytes == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not sent: “%s”: %s"),
                                               tc_saved_message_get_name (message),
                                               error->message);
      show_status (self, text);
      return;
    }

  /* The window sends it as it sends the send box's, with the message's
   * own line ending for that one message. */
  before = tc_session_get_line_ending (self->session);
  tc_session_set_line_ending (self->session, tc_saved_message_get_line_ending (message));
  g_signal_emit_by_name (self->send_box, "send-bytes", bytes, &sent);
  tc_session_set_line_ending (self->session, before);

  show_status (self, NULL);
}

static void
send_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  send_message (user_data, g_variant_get_uint32 (parameter));
}

/* The form */

static void
show_form (TcSavedMessagesPanel *self,
           int                   editing,
           const char           *name,
           const char           *text,
           TcInputMode           mode,
           TcLineEnding          ending,
           const char           *encoding)
{
  /* Row 0 is the window's encoding, then tc_encoding_list() in order. */
  guint encoding_row = (guint) (tc_encoding_index (encoding) + 1);

  self->editing = editing;
  gtk_label_set_text (self->form_title, editing < 0 ? _("New Saved Message")
                                                    : _("Edit Saved Message"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_drop_down_set_selected (self->mode_dropdown, mode);
  gtk_drop_down_set_selected (self->ending_dropdown, ending);
  gtk_drop_down_set_selected (self->encoding_dropdown, encoding_row);
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), FALSE);

  gtk_stack_set_visible_child_name (self->stack, "edit");
  gtk_popover_set_default_widget (self->popover, GTK_WIDGET (self->save_button));
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
show_list (TcSavedMessagesPanel *self)
{
  self->editing = -1;
  gtk_popover_set_default_widget (self->popover, NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* A name from the text's first line, not yet taken. */
static char *
name_from_text (TcSavedMessagesPanel *self,
                const char           *text)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *base = NULL;

  for (const char *p = text; *p != '\0' && *p != '\n' &&
       g_utf8_strlen (name->str, -1) < NAME_FROM_TEXT_MAX; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isprint (c) && c != '[' && c != ']')
        g_string_append_unichar (name, c);
    }
  base = g_strstrip (g_strdup (name->str));
  if (*base == '\0')
    {
      g_free (base);
      base = g_strdup (_("Message"));
    }

  if (tc_saved_messages_find (self->model, base) < 0)
    return g_steal_pointer (&base);
  for (guint i = 2; i <= TC_SAVED_MESSAGES_MAX_COUNT + 1; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s %u", base, i);

      if (tc_saved_messages_find (self->model, candidate) < 0)
        return g_steal_pointer (&candidate);
    }

  /* All taken: Save says so. */
  return g_steal_pointer (&base);
}

static void
add_current_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TcSavedMessagesPanel *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  if (self->send_box == NULL)
    return;

  text = tc_send_box_dup_text (self->send_box);
  name = name_from_text (self, text);
  show_form (self, -1, name, text, (TcInputMode) tc_send_box_get_input_mode (self->send_box),
             tc_send_box_get_line_ending (self->send_box),
             tc_send_box_get_encoding (self->send_box));
}

static void
edit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TcSavedMessagesPanel *self = user_data;
  guint position = g_variant_get_uint32 (parameter);
  TcSavedMessage *message = tc_saved_messages_get (self->model, position);

  if (message == NULL)
    return;
  show_form (self, (int) position, tc_saved_message_get_name (message),
             tc_saved_message_get_text (message), tc_saved_message_get_mode (message),
             tc_saved_message_get_line_ending (message), tc_saved_message_get_encoding (message));
}

static void
save_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TcSavedMessagesPanel *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(TcSavedMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  guint encoding_row = gtk_drop_down_get_selected (self->encoding_dropdown);
  const char *encoding = NULL;
  gboolean ok;

  if (gtk_stack_get_visible_child_name (self->stack) == NULL ||
      strcmp (gtk_stack_get_visible_child_name (self->stack), "edit") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  if (encoding_row > 0 && encoding_row != GTK_INVALID_LIST_POSITION)
    encoding = tc_encoding_list ()[encoding_row - 1];

  message = tc_saved_message_new (name, text,
                                  MIN (gtk_drop_down_get_selected (self->mode_dropdown),
                                       TC_INPUT_MODE_ESCAPES),
                                  MIN (gtk_drop_down_get_selected (self->ending_dropdown),
                                       TC_LINE_ENDING_NONE),
                                  encoding);
  if (self->editing >= 0 &&
      (guint) self->editing < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    ok = tc_saved_messages_replace (self->model, (guint) self->editing, message, &error);
  else
    ok = tc_saved_messages_add (self->model, message, &error);

  if (!ok)
    {
      gtk_label_set_text (self->form_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error), TRUE);
      return;
    }

  show_list (self);
  store (self);
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  show_list (user_data);
}

static void
delete_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TcSavedMessagesPanel *self = user_data;
  guint position = g_variant_get_uint32 (parameter);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  tc_saved_messages_remove (self->model, position);
  store (self);
}

static void
move (TcSavedMessagesPanel *self,
      guint                 position,
      int                   by)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (position >= n || (by < 0 && position == 0) || (by > 0 && position + 1 >= n))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  tc_saved_messages_move (self->model, position, by < 0 ? position - 1 : position + 1);
  store (self);
}

static void
move_up_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  move (user_data, g_variant_get_uint32 (parameter), -1);
}

static void
move_down_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  move (user_data, g_variant_get_uint32 (parameter), 1);
}

/* Import and export */

static GListModel *
messages_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) ini = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (ini, _("Saved messages (*.ini)"));
  gtk_file_filter_add_pattern (ini, "*.ini");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, ini);
  g_list_store_append (filters, all);
  return G_LIST_MODEL (filters);
}

/* Returns: (nullable): the path of @file, or NULL with @error set to
 *   @message when it has none */
static char *
local_path (GFile       *file,
            const char  *message,
            GError     **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, message);
  return path;
}

/**
 * tc_saved_messages_panel_import_file:
 *
 * Replaces the list with the messages of @file, a file as --messages
 * reads; a bad file changes nothing and @error says what is wrong.
 */
gboolean
tc_saved_messages_panel_import_file (TcSavedMessagesPanel  *self,
                                     GFile                 *file,
                                     GError               **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = local_path (file, _("Only a local file can be imported"), error);
  if (path == NULL || !tc_saved_messages_load_from_file (self->model, path, error))
    return FALSE;

  /* The file chosen replaces a broken one. */
  g_clear_pointer (&shared_load_error, g_free);
  return store (self);
}

gboolean
tc_saved_messages_panel_export_file (TcSavedMessagesPanel  *self,
                                     GFile                 *file,
                                     GError               **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = local_path (file, _("Only a local file can be written"), error);
  return path != NULL && tc_saved_messages_save_to_file (self->model, path, error);
}

static void
import_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcSavedMessagesPanel) self = user_data;
  g_autoptr(GFile) file = tc_file_dialog_open_finish (result, NULL);
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    return;
  if (!tc_saved_messages_panel_import_file (self, file, &error))
    show_status (self, error->message);
}

static void
export_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcSavedMessagesPanel) self = user_data;
  g_autoptr(GFile) file = tc_file_dialog_save_finish (result, NULL, NULL);
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    return;
  if (!tc_saved_messages_panel_export_file (self, file, &error))
    show_status (self, error->message);
}

static GtkWindow *
parent_window (TcSavedMessagesPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
restart_choosing (TcSavedMessagesPanel *self)
{
  g_cancellable_cancel (self->choose_cancellable);
  g_clear_object (&self->choose_cancellable);
  self->choose_cancellable = g_cancellable_new ();
  gtk_popover_popdown (self->popover);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TcSavedMessagesPanel *self = user_data;
  g_autoptr(GListModel) filters = messages_filters ();

  restart_choosing (self);
  tc_file_dialog_open (parent_window (self), _("Import Saved Messages"), filters,
                       self->choose_cancellable, import_chosen_cb, g_object_ref (self));
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TcSavedMessagesPanel *self = user_data;
  g_autoptr(GListModel) filters = messages_filters ();

  restart_choosing (self);
  tc_file_dialog_save (parent_window (self), _("Export Saved Messages"), "messages.ini",
                       filters, NULL, self->choose_cancellable, export_chosen_cb,
                       g_object_ref (self));
}

static const GActionEntry saved_entries[] = {
  { .name = "saved-send", .parameter_type = "u", .activate = send_action },
  { .name = "saved-add-current", .activate = add_current_action },
  { .name = "saved-edit", .parameter_type = "u", .activate = edit_action },
  { .name = "saved-save", .activate = save_action },
  { .name = "saved-cancel", .activate = cancel_action },
  { .name = "saved-delete", .parameter_type = "u", .activate = delete_action },
  { .name = "saved-move-up", .parameter_type = "u", .activate = move_up_action },
  { .name = "saved-move-down", .parameter_type = "u", .activate = move_down_action },
  { .name = "saved-import", .activate = import_action },
  { .name = "saved-export", .activate = export_action },
};

/* The object */

static void
model_changed_cb (GListModel           *model,
                  guint                 position,
                  guint                 removed,
                  guint                 added,
                  TcSavedMessagesPanel *self)
{
  update_hints (self);
}

/* Enter in the name keeps the form, as Save. */
static void
name_activated_cb (TcSavedMessagesPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.saved-save", NULL);
}

static void
popover_closed_cb (TcSavedMessagesPanel *self)
{
  /* Opened again, it shows the list. */
  show_list (self);
}

static void
tc_saved_messages_panel_dispose (GObject *object)
{
  TcSavedMessagesPanel *self = TC_SAVED_MESSAGES_PANEL (object);

  g_cancellable_cancel (self->choose_cancellable);
  g_clear_object (&self->choose_cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  /* A popover still shown when its window goes would keep its list. */
  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_SAVED_MESSAGES_PANEL);
  g_clear_object (&self->model);
  g_clear_object (&self->send_box);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (tc_saved_messages_panel_parent_class)->dispose (object);
}

static void
tc_saved_messages_panel_class_init (TcSavedMessagesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_saved_messages_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, TC_RESOURCE_PREFIX
                                               "/ui/tc-saved-messages-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, button);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, popover);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, form_title);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, text_view);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, form_error);
  gtk_widget_class_bind_template_child (widget_class, TcSavedMessagesPanel, save_button);
}

static void
tc_saved_messages_panel_init (TcSavedMessagesPanel *self)
{
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->editing = -1;

  /* TRANSLATORS: the encoding a saved message has when it names none */
  gtk_string_list_append (encodings, _("Window's"));
  for (const char * const *e = tc_encoding_list (); *e != NULL; e++)
    gtk_string_list_append (encodings, *e);
  gtk_drop_down_set_model (self->encoding_dropdown, G_LIST_MODEL (encodings));

  placeholder = gtk_label_new (_("No saved messages yet: type one in the send box, "
                                 "then Add Current."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (placeholder), 40);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list_box, placeholder);

  self->model = get_shared_model ();
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->model), create_row, NULL, NULL);
  g_signal_connect_after (self->model, "items-changed", G_CALLBACK (model_changed_cb), self);
  g_signal_connect (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->popover, "closed", G_CALLBACK (popover_closed_cb), self);
  g_signal_connect_swapped (self->name_entry, "activate", G_CALLBACK (name_activated_cb), self);
  update_hints (self);
  if (shared_load_error != NULL)
    show_status (self, shared_load_error);
}

/* The send box whose Send the messages go through, and whose text,
 * mode and line ending Add Current takes. */
void
tc_saved_messages_panel_attach (TcSavedMessagesPanel *self,
                                TcSendBox            *send_box)
{
  g_return_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self));
  g_return_if_fail (TC_IS_SEND_BOX (send_box));

  g_set_object (&self->send_box, send_box);
}

/* The session whose line ending each message sets for its own sending. */
void
tc_saved_messages_panel_set_session (TcSavedMessagesPanel *self,
                                     TcSession            *session)
{
  g_return_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self));
  g_return_if_fail (session == NULL || TC_IS_SESSION (session));

  g_set_object (&self->session, session);
}

/**
 * tc_saved_messages_panel_add_actions:
 * @map: the window's action map
 *
 * Puts the saved-* actions into @map; when @map is a window, Ctrl+1 to
 * Ctrl+9 there send the first nine messages.
 */
void
tc_saved_messages_panel_add_actions (TcSavedMessagesPanel *self,
                                     GActionMap           *map)
{
  GtkEventController *shortcuts;

  g_return_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, saved_entries, G_N_ELEMENTS (saved_entries), self);
  if (!GTK_IS_WIDGET (map))
    return;

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_name (shortcuts, "saved-messages");
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_LOCAL);
  for (guint i = 0; i < N_SHORTCUTS; i++)
    {
      GtkShortcut *shortcut;

      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_CONTROL_MASK),
                                   gtk_named_action_new ("win.saved-send"));
      gtk_shortcut_set_arguments (shortcut, g_variant_new_uint32 (i));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (map), shortcuts);
}

/* Returns: (transfer none): the list, shared by every window */
TcSavedMessages *
tc_saved_messages_panel_get_model (TcSavedMessagesPanel *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self), NULL);
  return self->model;
}

GtkPopover *
tc_saved_messages_panel_get_popover (TcSavedMessagesPanel *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self), NULL);
  return self->popover;
}

/* Returns: (nullable): what the list's status line says (an error), or
 *   %NULL; the form's own error when the form shows */
const char *
tc_saved_messages_panel_get_status (TcSavedMessagesPanel *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES_PANEL (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "edit") == 0 &&
      gtk_widget_get_visible (GTK_WIDGET (self->form_error)))
    return gtk_label_get_text (self->form_error);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_text (self->status_label);
}
