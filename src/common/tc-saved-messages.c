/* tc-saved-messages.c: named messages kept in a key file, each with its input mode and line ending
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-saved-messages.h"

#include "tc-bytes-format.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

/* The file, one group per message, in the list's order:
 *
 *   [message idn]
 *   text=*IDN?
 *   mode=text                   text, escapes or hex
 *   line-ending=crlf            lf, crlf, cr or none
 *   encoding=UTF-8              optional: else the send box's (or UTF-8)
 *
 * In text mode the text is a key-file string ("\n" a line break, "\\" a
 * backslash), the only way to keep a line break in it; in escapes and hex
 * mode it is read as written, so that "\x02" is what a person typed.
 */

#define GROUP_PREFIX "message "

G_DEFINE_QUARK (tc-saved-messages-error-quark, tc_saved_messages_error)

struct _TcSavedMessage
{
  GObject       parent_instance;

  char         *name;
  char         *text;
  char         *encoding;
  TcInputMode   mode;
  TcLineEnding  ending;
};

G_DEFINE_FINAL_TYPE (TcSavedMessage, tc_saved_message, G_TYPE_OBJECT)

static void
tc_saved_message_finalize (GObject *object)
{
  TcSavedMessage *self = TC_SAVED_MESSAGE (object);

  g_free (self->name);
  g_free (self->text);
  g_free (self->encoding);

  G_OBJECT_CLASS (tc_saved_message_parent_class)->finalize (object);
}

static void
tc_saved_message_class_init (TcSavedMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tc_saved_message_finalize;
}

static void
tc_saved_message_init (TcSavedMessage *self)
{
}

/**
 * tc_saved_message_new:
 * @encoding: (nullable): the text's encoding; %NULL for whatever the
 *   sender uses
 *
 * Returns: (transfer full): an immutable message; tc_saved_message_check()
 *   says whether it can be kept
 */
TcSavedMessage *
tc_saved_message_new (const char   *name,
                      const char   *text,
                      TcInputMode   mode,
                      TcLineEnding  ending,
                      const char   *encoding)
{
  TcSavedMessage *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (mode <= TC_INPUT_MODE_ESCAPES, NULL);
  g_return_val_if_fail (ending <= TC_LINE_ENDING_NONE, NULL);

  self = g_object_new (TC_TYPE_SAVED_MESSAGE, NULL);
  self->name = g_strdup (name);
  self->text = g_strdup (text);
  self->mode = mode;
  self->ending = ending;
  self->encoding = encoding != NULL && *encoding != '\0' ? g_strdup (encoding) : NULL;
  return self;
}

const char *
tc_saved_message_get_name (TcSavedMessage *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), NULL);
  return self->name;
}

const char *
tc_saved_message_get_text (TcSavedMessage *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), NULL);
  return self->text;
}

TcInputMode
tc_saved_message_get_mode (TcSavedMessage *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), TC_INPUT_MODE_TEXT);
  return self->mode;
}

TcLineEnding
tc_saved_message_get_line_ending (TcSavedMessage *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), TC_LINE_ENDING_LF);
  return self->ending;
}

/* Returns: (nullable): the encoding, or %NULL for the sender's */
const char *
tc_saved_message_get_encoding (TcSavedMessage *self)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), NULL);
  return self->encoding;
}

/* A name is a key file's group name too: printable, no brackets. */
static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (*name == '\0' || g_ascii_isspace (*name) ||
      g_ascii_isspace (name[strlen (name) - 1]))
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("A saved message needs a name that does not start or end with a space"));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > TC_SAVED_MESSAGES_MAX_NAME)
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("The name of a saved message is at most %d characters of UTF-8"),
                   TC_SAVED_MESSAGES_MAX_NAME);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '[' || c == ']' || !g_unichar_isprint (c))
        {
          g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                       _("The name “%s” cannot hold brackets or control characters"), name);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * tc_saved_message_check:
 *
 * Returns: whether the name is one a file can hold and the text reads as
 *   bytes in its mode; if not, @error says what is wrong and where
 */
gboolean
tc_saved_message_check (TcSavedMessage  *self,
                        GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), FALSE);

  if (!check_name (self->name, error))
    return FALSE;
  if (!g_utf8_validate (self->text, -1, NULL))
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("Message “%s”: the text is not UTF-8"), self->name);
      return FALSE;
    }
  if (self->encoding != NULL && tc_encoding_lookup (self->encoding) == NULL)
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("Message “%s”: unknown encoding “%s”"), self->name, self->encoding);
      return FALSE;
    }

  bytes = tc_saved_message_to_bytes (self, NULL, &local_error);
  if (bytes == NULL)
    {
      /* TRANSLATORS: a message's name, then why its text does not read */
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("Message “%s”: %s"), self->name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * tc_saved_message_to_bytes:
 * @fallback_encoding: (nullable): the encoding when the message names none
 *   (%NULL: UTF-8)
 *
 * Returns: (transfer full) (nullable): the message's bytes, without its
 *   line ending (the session adds it); %NULL with @error when the text
 *   does not read in its mode
 */
GBytes *
tc_saved_message_to_bytes (TcSavedMessage  *self,
                           const char      *fallback_encoding,
                           GError         **error)
{
  const char *encoding;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (self), NULL);

  encoding = self->encoding != NULL ? self->encoding : fallback_encoding;
  return tc_typed_input_to_bytes (self->text, -1, self->mode, encoding, NULL, error);
}

/* The list */

struct _TcSavedMessages
{
  GObject    parent_instance;

  GPtrArray *items;  /* of TcSavedMessage */
};

static void tc_saved_messages_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TcSavedMessages, tc_saved_messages, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tc_saved_messages_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return TC_TYPE_SAVED_MESSAGE;
}

static guint
get_n_items (GListModel *model)
{
  return TC_SAVED_MESSAGES (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TcSavedMessages *self = TC_SAVED_MESSAGES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
tc_saved_messages_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
tc_saved_messages_finalize (GObject *object)
{
  TcSavedMessages *self = TC_SAVED_MESSAGES (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (tc_saved_messages_parent_class)->finalize (object);
}

static void
tc_saved_messages_class_init (TcSavedMessagesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tc_saved_messages_finalize;
}

static void
tc_saved_messages_init (TcSavedMessages *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

TcSavedMessages *
tc_saved_messages_new (void)
{
  return g_object_new (TC_TYPE_SAVED_MESSAGES, NULL);
}

/* Returns: (transfer full): where the windows keep their saved messages */
char *
tc_saved_messages_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tcpchat", "saved-messages.ini", NULL);
}

static gboolean
is_known_key (const char *key)
{
  static const char * const keys[] = { "text", "mode", "line-ending", "encoding" };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (key, keys[i]) == 0)
      return TRUE;
  return FALSE;
}

static TcSavedMessage *
read_message (GKeyFile    *file,
              const char  *group,
              GError     **error)
{
  const char *name = group + strlen (GROUP_PREFIX);
  g_auto(GStrv) keys = g_key_file_get_keys (file, group, NULL, NULL);
  g_autofree char *mode_text = g_key_file_get_value (file, group, "mode", NULL);
  g_autofree char *ending_text = g_key_file_get_value (file, group, "line-ending", NULL);
  g_autofree char *encoding = g_key_file_get_value (file, group, "encoding", NULL);
  g_autofree char *text = NULL;
  g_autoptr(TcSavedMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  TcInputMode mode = TC_INPUT_MODE_TEXT;
  TcLineEnding ending = TC_LINE_ENDING_LF;

  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!is_known_key (keys[i]))
      {
        g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_PARSE,
                     _("[%s]: unknown key “%s” (expected text, mode, line-ending, encoding)"),
                     group, keys[i]);
        return NULL;
      }

  if (mode_text != NULL && !tc_input_mode_parse (mode_text, &mode))
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("[%s]: mode=%s: expected text, escapes or hex"), group, mode_text);
      return NULL;
    }
  if (ending_text != NULL && !tc_line_ending_parse (ending_text, &ending))
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID,
                   _("[%s]: line-ending=%s: expected lf, crlf, cr or none"), group, ending_text);
      return NULL;
    }

  if (mode == TC_INPUT_MODE_TEXT)
    text = g_key_file_get_string (file, group, "text", &local_error);
  else
    text = g_key_file_get_value (file, group, "text", &local_error);
  if (text == NULL)
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_PARSE,
                   _("[%s]: text: %s"), group, local_error->message);
      return NULL;
    }

  message = tc_saved_message_new (name, text, mode, ending, encoding);
  if (!tc_saved_message_check (message, error))
    return NULL;
  return g_steal_pointer (&message);
}

/**
 * tc_saved_messages_load_from_data:
 *
 * Replaces the list with the messages of a key file's text; on an error
 * the list is left as it was.
 */
gboolean
tc_saved_messages_load_from_data (TcSavedMessages  *self,
                                  const char       *data,
                                  gsize             len,
                                  GError          **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  guint old_len;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len > TC_SAVED_MESSAGES_MAX_FILE_SIZE)
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_TOO_LARGE,
                   _("The saved messages are more than %d MiB"),
                   TC_SAVED_MESSAGES_MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!g_key_file_load_from_data (file, data != NULL ? data : "", len, G_KEY_FILE_NONE,
                                  &local_error))
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_PARSE,
                   _("Not a saved messages file: %s"), local_error->message);
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (gsize i = 0; groups[i] != NULL; i++)
    {
      TcSavedMessage *message;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        {
          g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_PARSE,
                       _("[%s]: expected a group [message NAME]"), groups[i]);
          return FALSE;
        }
      if (items->len == TC_SAVED_MESSAGES_MAX_COUNT)
        {
          g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_TOO_LARGE,
                       _("More than %d saved messages"), TC_SAVED_MESSAGES_MAX_COUNT);
          return FALSE;
        }
      message = read_message (file, groups[i], error);
      if (message == NULL)
        return FALSE;
      g_ptr_array_add (items, message);
    }

  old_len = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  return TRUE;
}

/**
 * tc_saved_messages_load_from_file:
 *
 * As tc_saved_messages_load_from_data(), from @path; a missing file is an
 * error (G_FILE_ERROR_NOENT) that the caller may take as an empty list.
 */
gboolean
tc_saved_messages_load_from_file (TcSavedMessages  *self,
                                  const char       *path,
                                  GError          **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_FILE_ERROR, local_error->code, "%s", local_error->message);
      return FALSE;
    }
  if (!tc_saved_messages_load_from_data (self, g_mapped_file_get_contents (mapped),
                                         g_mapped_file_get_length (mapped), error))
    {
      g_prefix_error (error, "%s: ", display);
      return FALSE;
    }

  return TRUE;
}

/* Escapes text read as written: a line break or an edge space becomes its
 * escape, for the same bytes. */
static char *
escapes_value (const char *text)
{
  GString *out = g_string_new (NULL);
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if ((c == ' ' || c == '\t') && (i == 0 || i == len - 1))
        g_string_append (out, c == ' ' ? "\\x20" : "\\t");
      else
        g_string_append_c (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Hex digits read as written: the spaces between pairs do not matter. */
static char *
hex_value (const char *text)
{
  char *value = g_strdup (text);

  g_strdelimit (value, "\r\n\t", ' ');
  return g_strstrip (value);
}

/* Returns: (transfer full): the list as a key file's text */
char *
tc_saved_messages_to_data (TcSavedMessages *self,
                           gsize           *len)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      TcSavedMessage *message = g_ptr_array_index (self->items, i);
      g_autofree char *group = g_strconcat (GROUP_PREFIX, message->name, NULL);
      g_autofree char *value = NULL;

      switch (message->mode)
        {
        case TC_INPUT_MODE_ESCAPES:
          value = escapes_value (message->text);
          g_key_file_set_value (file, group, "text", value);
          break;
        case TC_INPUT_MODE_HEX:
          value = hex_value (message->text);
          g_key_file_set_value (file, group, "text", value);
          break;
        case TC_INPUT_MODE_TEXT:
        default:
          g_key_file_set_string (file, group, "text", message->text);
          break;
        }
      g_key_file_set_value (file, group, "mode", tc_input_mode_to_string (message->mode));
      g_key_file_set_value (file, group, "line-ending",
                            tc_line_ending_to_string (message->ending));
      if (message->encoding != NULL)
        g_key_file_set_value (file, group, "encoding", message->encoding);
    }

  return g_key_file_to_data (file, len, NULL);
}

/* Writes the list to @path (its folder made if needed), in one step: a
 * crash leaves the old file or the new one. */
gboolean
tc_saved_messages_save_to_file (TcSavedMessages  *self,
                                const char       *path,
                                GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  data = tc_saved_messages_to_data (self, &len);
  display = g_filename_display_name (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot save the messages in %s: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Cannot save the messages in %s: %s"), display, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Returns: (transfer none) (nullable): the message at @position */
TcSavedMessage *
tc_saved_messages_get (TcSavedMessages *self,
                       guint            position)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), NULL);

  if (position >= self->items->len)
    return NULL;
  return g_ptr_array_index (self->items, position);
}

/* Returns: the position of the message named @name, or -1 */
int
tc_saved_messages_find (TcSavedMessages *self,
                        const char      *name)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->items->len; i++)
    {
      TcSavedMessage *message = g_ptr_array_index (self->items, i);

      if (strcmp (message->name, name) == 0)
        return (int) i;
    }

  return -1;
}

static gboolean
check_new (TcSavedMessages  *self,
           TcSavedMessage   *message,
           int               replacing,
           GError          **error)
{
  int found;

  if (!tc_saved_message_check (message, error))
    return FALSE;

  found = tc_saved_messages_find (self, message->name);
  if (found >= 0 && found != replacing)
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_DUPLICATE,
                   _("There is already a saved message named “%s”"), message->name);
      return FALSE;
    }

  return TRUE;
}

/* Appends @message, when it is valid and its name is free. */
gboolean
tc_saved_messages_add (TcSavedMessages  *self,
                       TcSavedMessage   *message,
                       GError          **error)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), FALSE);
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (message), FALSE);

  if (self->items->len >= TC_SAVED_MESSAGES_MAX_COUNT)
    {
      g_set_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_TOO_LARGE,
                   _("More than %d saved messages"), TC_SAVED_MESSAGES_MAX_COUNT);
      return FALSE;
    }
  if (!check_new (self, message, -1, error))
    return FALSE;

  g_ptr_array_add (self->items, g_object_ref (message));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  return TRUE;
}

/* Puts @message in place of the one at @position (an edit). */
gboolean
tc_saved_messages_replace (TcSavedMessages  *self,
                           guint             position,
                           TcSavedMessage   *message,
                           GError          **error)
{
  g_return_val_if_fail (TC_IS_SAVED_MESSAGES (self), FALSE);
  g_return_val_if_fail (TC_IS_SAVED_MESSAGE (message), FALSE);
  g_return_val_if_fail (position < self->items->len, FALSE);

  if (!check_new (self, message, (int) position, error))
    return FALSE;

  g_object_unref (g_ptr_array_index (self->items, position));
  g_ptr_array_index (self->items, position) = g_object_ref (message);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

void
tc_saved_messages_remove (TcSavedMessages *self,
                          guint            position)
{
  g_return_if_fail (TC_IS_SAVED_MESSAGES (self));
  g_return_if_fail (position < self->items->len);

  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* Moves the message at @from to @to, the others keeping their order. */
void
tc_saved_messages_move (TcSavedMessages *self,
                        guint            from,
                        guint            to)
{
  TcSavedMessage *message;

  g_return_if_fail (TC_IS_SAVED_MESSAGES (self));
  g_return_if_fail (from < self->items->len);
  g_return_if_fail (to < self->items->len);

  if (from == to)
    return;

  message = g_ptr_array_steal_index (self->items, from);
  g_ptr_array_insert (self->items, (int) to, message);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
}
