/* tc-line-notifier.c: desktop notifications of lines that arrive unseen
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-line-notifier.h"

#include <glib/gi18n-lib.h>

#include "tc-desktop.h"

#define BODY_MAX_CHARS 200

#define FDO_NOTIFICATIONS_NAME "org.freedesktop.Notifications"
#define GTK_NOTIFICATIONS_NAME "org.gtk.Notifications"

/* Whether a body goes out as markup, once the service was asked. */
typedef enum
{
  BODY_MARKUP_UNKNOWN,
  BODY_MARKUP_ASKING,
  BODY_MARKUP_NO,
  BODY_MARKUP_YES,
} BodyMarkup;

struct _TcLineNotifier
{
  GObject     parent_instance;

  /* owned */
  char       *id;             /* the GNotification id, one per window */
  char       *peer;           /* who sent the unseen lines, NULL if several or unknown */
  char       *last_text;
  char       *title;          /* of the last notification sent */
  char       *body;

  GCancellable *cancellable;  /* of asking the service */

  /* borrowed */
  GtkWindow  *window;         /* weak */

  /* plain state */
  guint       interval_ms;
  guint       interval_source;
  guint       n_unseen;
  guint       n_sent;
  gboolean    pending;        /* lines came in during the interval */
  gboolean    shown;
  gboolean    enabled;
  gboolean    several;        /* the unseen lines came from more than one peer */
  BodyMarkup  body_markup;
};

G_DEFINE_FINAL_TYPE (TcLineNotifier, tc_line_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_N_UNSEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GApplication *
get_application (TcLineNotifier *self)
{
  GtkApplication *application;

  if (self->window == NULL)
    return NULL;
  application = gtk_window_get_application (self->window);
  if (application == NULL || !g_application_get_is_registered (G_APPLICATION (application)) ||
      !tc_desktop_can_notify (G_APPLICATION (application)))
    return NULL;

  return G_APPLICATION (application);
}

static void
set_n_unseen (TcLineNotifier *self,
              guint           n_unseen)
{
  if (self->n_unseen == n_unseen)
    return;

  self->n_unseen = n_unseen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
}

static void
send_notification (TcLineNotifier *self)
{
  GApplication *application = get_application (self);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (self->several)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new line from several peers",
                                          "%u new lines from several peers", self->n_unseen),
                             self->n_unseen);
  else if (self->peer == NULL && self->n_unseen == 1)
    title = g_strdup (_("New line"));
  else if (self->peer == NULL)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new line", "%u new lines",
                                          self->n_unseen),
                             self->n_unseen);
  else if (self->n_unseen == 1)
    title = g_strdup_printf (_("New line from %s"), self->peer);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new line from %s",
                                          "%u new lines from %s", self->n_unseen),
                             self->n_unseen, self->peer);

  if (g_utf8_strlen (self->last_text, -1) > BODY_MAX_CHARS)
    {
      g_autofree char *start = g_utf8_substring (self->last_text, 0, BODY_MAX_CHARS);

      body = g_strconcat (start, "…", NULL);
    }
  else
    {
      body = g_strdup (self->last_text);
    }

  if (application != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (title);
      g_autoptr(GIcon) icon = g_themed_icon_new (g_application_get_application_id (application));
      guint window_id = GTK_IS_APPLICATION_WINDOW (self->window)
                        ? gtk_application_window_get_id (GTK_APPLICATION_WINDOW (self->window))
                        : 0;

      /* A service that reads the body as markup would show a peer's "<b>"
       * as bold, or drop a line with a stray "&". */
      if (self->body_markup == BODY_MARKUP_YES)
        {
          g_autofree char *escaped = g_markup_escape_text (body, -1);

          g_notification_set_body (notification, escaped);
        }
      else
        {
          g_notification_set_body (notification, body);
        }
      g_notification_set_icon (notification, icon);
      g_notification_set_default_action_and_target (notification, "app.present-window",
                                                    "u", window_id);
      g_application_send_notification (application, self->id, notification);
    }

  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_free (self->body);
  self->body = g_steal_pointer (&body);
  self->n_sent++;
  self->shown = TRUE;
  self->pending = FALSE;
}

static gboolean
interval_cb (gpointer user_data)
{
  TcLineNotifier *self = user_data;

  if (!self->pending)
    {
      self->interval_source = 0;
      return G_SOURCE_REMOVE;
    }

  send_notification (self);
  return G_SOURCE_CONTINUE;
}

static void
start_interval (TcLineNotifier *self)
{
  g_clear_handle_id (&self->interval_source, g_source_remove);
  self->interval_source = g_timeout_add (self->interval_ms, interval_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->interval_source),
                            "[tcpchat] notification interval");
}

/* Forgets the unseen lines and takes the notification back. */
void
tc_line_notifier_window_active (TcLineNotifier *self)
{
  GApplication *application;

  g_return_if_fail (TC_IS_LINE_NOTIFIER (self));

  g_clear_handle_id (&self->interval_source, g_source_remove);
  self->pending = FALSE;
  g_clear_pointer (&self->peer, g_free);
  g_clear_pointer (&self->last_text, g_free);
  set_n_unseen (self, 0);

  if (!self->shown)
    return;
  self->shown = FALSE;
  application = get_application (self);
  if (application != NULL)
    g_application_withdraw_notification (application, self->id);
}

/* The service answered: the lines that came meanwhile go out as one. */
static void
body_markup_known (TcLineNotifier *self,
                   BodyMarkup      body_markup)
{
  self->body_markup = body_markup;
  g_clear_object (&self->cancellable);
  if (!self->pending || self->n_unseen == 0 || !self->enabled || self->window == NULL)
    return;

  send_notification (self);
  start_interval (self);
}

/* @reply: (out): the answer to a call, or %NULL when it failed (either
 * way the notifier goes on). Returns: %FALSE when the call was cancelled:
 * the notifier is going away and wants no answer.
 */
static gboolean
call_finish (GObject       *source,
             GAsyncResult  *result,
             GVariant     **reply)
{
  g_autoptr(GError) error = NULL;

  *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
capabilities_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TcLineNotifier) self = user_data;
  g_autofree const char **capabilities = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (!call_finish (source, result, &reply))
    return;
  if (reply != NULL)
    g_variant_get (reply, "(^a&s)", &capabilities);
  body_markup_known (self, capabilities != NULL && g_strv_contains (capabilities, "body-markup")
                           ? BODY_MARKUP_YES : BODY_MARKUP_NO);
}

static void
ask_capabilities (TcLineNotifier  *self,
                  GDBusConnection *connection)
{
  g_dbus_connection_call (connection, FDO_NOTIFICATIONS_NAME,
                          "/org/freedesktop/Notifications", FDO_NOTIFICATIONS_NAME,
                          "GetCapabilities", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          capabilities_cb, g_object_ref (self));
}

static void
gtk_service_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TcLineNotifier) self = user_data;
  gboolean has_owner = FALSE;
  g_autoptr(GVariant) reply = NULL;

  if (!call_finish (source, result, &reply))
    return;
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  if (has_owner)
    {
      /* GLib speaks to org.gtk.Notifications then: its bodies are text. */
      body_markup_known (self, BODY_MARKUP_NO);
      return;
    }
  ask_capabilities (self, G_DBUS_CONNECTION (source));
}

/* Only the freedesktop.org service can take the body as markup, and only
 * when it says so ("body-markup"); GLib uses it unless the portal or
 * org.gtk.Notifications speaks for the desktop. Asked once, before the
 * first notification. Returns TRUE while the answer is on its way. */
static gboolean
ask_body_markup (TcLineNotifier *self)
{
  GApplication *application = get_application (self);
  const char *backend = g_getenv ("GNOTIFICATION_BACKEND");
  GDBusConnection *connection;

  if (application == NULL)
    return FALSE;
  connection = g_application_get_dbus_connection (application);
  if (connection == NULL || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
      (backend != NULL && g_strcmp0 (backend, "freedesktop") != 0))
    {
      self->body_markup = BODY_MARKUP_NO;
      return FALSE;
    }

  self->body_markup = BODY_MARKUP_ASKING;
  self->cancellable = g_cancellable_new ();
  if (backend != NULL)
    {
      ask_capabilities (self, connection);
      return TRUE;
    }
  g_dbus_connection_call (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", GTK_NOTIFICATIONS_NAME), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          gtk_service_cb, g_object_ref (self));
  return TRUE;
}

/* Asked as soon as the window has its application, so that the first line
 * need not wait for the answer. */
static void
window_application_cb (GtkWindow      *window,
                       GParamSpec     *pspec,
                       TcLineNotifier *self)
{
  if (self->body_markup == BODY_MARKUP_UNKNOWN)
    ask_body_markup (self);
}

static void
window_is_active_cb (GtkWindow      *window,
                     GParamSpec     *pspec,
                     TcLineNotifier *self)
{
  if (gtk_window_is_active (window))
    tc_line_notifier_window_active (self);
  else
    window_application_cb (window, NULL, self);
}

/**
 * tc_line_notifier_line_received:
 * @peer: who sent the line, as shown in the log
 * @text: the line, display-safe
 *
 * Notifies, or counts the line for the next notification, unless the
 * window is active or notifications are off.
 */
void
tc_line_notifier_line_received (TcLineNotifier *self,
                                const char     *peer,
                                const char     *text)
{
  g_return_if_fail (TC_IS_LINE_NOTIFIER (self));

  if (!self->enabled || self->window == NULL || gtk_window_is_active (self->window))
    return;

  if (peer != NULL && peer[0] == '\0')
    peer = NULL;
  if (self->n_unseen == 0)
    {
      g_free (self->peer);
      self->peer = g_strdup (peer);
      self->several = FALSE;
    }
  else if (g_strcmp0 (self->peer, peer) != 0)
    {
      g_clear_pointer (&self->peer, g_free);
      self->several = TRUE;
    }
  g_free (self->last_text);
  self->last_text = g_strdup (text != NULL ? text : "");
  set_n_unseen (self, self->n_unseen + 1);

  if (self->interval_source != 0 || self->body_markup == BODY_MARKUP_ASKING)
    {
      self->pending = TRUE;
      return;
    }
  if (self->body_markup == BODY_MARKUP_UNKNOWN && ask_body_markup (self))
    {
      self->pending = TRUE;
      return;
    }

  send_notification (self);
  start_interval (self);
}

static void
tc_line_notifier_dispose (GObject *object)
{
  TcLineNotifier *self = TC_LINE_NOTIFIER (object);

  g_clear_handle_id (&self->interval_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }

  G_OBJECT_CLASS (tc_line_notifier_parent_class)->dispose (object);
}

static void
tc_line_notifier_finalize (GObject *object)
{
  TcLineNotifier *self = TC_LINE_NOTIFIER (object);

  g_free (self->id);
  g_free (self->peer);
  g_free (self->last_text);
  g_free (self->title);
  g_free (self->body);

  G_OBJECT_CLASS (tc_line_notifier_parent_class)->finalize (object);
}

static void
tc_line_notifier_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TcLineNotifier *self = TC_LINE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_N_UNSEEN:
      g_value_set_uint (value, self->n_unseen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_line_notifier_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TcLineNotifier *self = TC_LINE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      tc_line_notifier_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_line_notifier_class_init (TcLineNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_line_notifier_dispose;
  object_class->finalize = tc_line_notifier_finalize;
  object_class->get_property = tc_line_notifier_get_property;
  object_class->set_property = tc_line_notifier_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_UNSEEN] =
    g_param_spec_uint ("n-unseen", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tc_line_notifier_init (TcLineNotifier *self)
{
  self->enabled = TRUE;
  self->interval_ms = TC_LINE_NOTIFIER_DEFAULT_INTERVAL_MS;
}

TcLineNotifier *
tc_line_notifier_new (GtkWindow *window)
{
  TcLineNotifier *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (TC_TYPE_LINE_NOTIFIER, NULL);
  self->window = window;
  self->id = g_strdup_printf ("new-lines-%p", (void *) window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  g_signal_connect (window, "notify::is-active", G_CALLBACK (window_is_active_cb), self);
  g_signal_connect (window, "notify::application", G_CALLBACK (window_application_cb), self);
  window_application_cb (window, NULL, self);

  return self;
}

gboolean
tc_line_notifier_get_enabled (TcLineNotifier *self)
{
  g_return_val_if_fail (TC_IS_LINE_NOTIFIER (self), FALSE);

  return self->enabled;
}

/* Turning notifications off takes back the one shown. */
void
tc_line_notifier_set_enabled (TcLineNotifier *self,
                              gboolean        enabled)
{
  g_return_if_fail (TC_IS_LINE_NOTIFIER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  if (!enabled)
    tc_line_notifier_window_active (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

void
tc_line_notifier_set_interval (TcLineNotifier *self,
                               guint           interval_ms)
{
  g_return_if_fail (TC_IS_LINE_NOTIFIER (self));
  g_return_if_fail (interval_ms > 0);

  self->interval_ms = interval_ms;
}

guint
tc_line_notifier_get_n_unseen (TcLineNotifier *self)
{
  g_return_val_if_fail (TC_IS_LINE_NOTIFIER (self), 0);

  return self->n_unseen;
}

guint
tc_line_notifier_get_n_sent (TcLineNotifier *self)
{
  g_return_val_if_fail (TC_IS_LINE_NOTIFIER (self), 0);

  return self->n_sent;
}

/* Whether a notification is out and not taken back. */
gboolean
tc_line_notifier_get_shown (TcLineNotifier *self)
{
  g_return_val_if_fail (TC_IS_LINE_NOTIFIER (self), FALSE);

  return self->shown;
}

const char *
tc_line_notifier_get_title (TcLineNotifier *self)
{
  g_return_val_if_fail (TC_IS_LINE_NOTIFIER (self), NULL);

  return self->title;
}

const char *
tc_line_notifier_get_body (TcLineNotifier *self)
{
  g_return_val_if_fail (TC_IS_LINE_NOTIFIER (self), NULL);

  return self->body;
}
