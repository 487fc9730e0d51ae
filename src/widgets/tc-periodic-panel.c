/* tc-periodic-panel.c: the send box's message sent every N ms, with a counter and a Stop
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-periodic-panel.h"

#include "tc-periodic.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

/* How often the counter is redrawn while sending: a send every 1 ms
 * does not redraw the window a thousand times a second. */
#define COUNTER_REFRESH_MS 100

struct _TcPeriodicPanel
{
  TcAutomationPanel parent_instance;

  /* template widgets */
  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkSpinButton  *every_spin;
  GtkSpinButton  *count_spin;
  GtkLabel       *state_label;
  GtkButton      *stop_button;

  /* owned */
  TcPeriodic     *periodic;     /* the last one started, kept until the next */
  TcSendBox      *send_box;
  TcSession      *session;
  TcConnection   *target;       /* NULL: every peer (the client's: its server) */

  /* borrowed */
  GSimpleAction  *start_action;
  GSimpleAction  *stop_action;

  /* plain state */
  guint           refresh_source;
  guint64         count;        /* of the run: 0 until stopped */
  guint64         shown_sent;
};

G_DEFINE_FINAL_TYPE (TcPeriodicPanel, tc_periodic_panel, TC_TYPE_AUTOMATION_PANEL)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* @text in full in the tooltip and for tc_periodic_panel_get_status();
 * @short_text beside the button, where the send box needs the room. */
static void
show_state (TcPeriodicPanel *self,
            const char      *text,
            const char      *short_text)
{
  tc_automation_panel_set_status (TC_AUTOMATION_PANEL (self), text);
  gtk_label_set_text (self->state_label, short_text != NULL ? short_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), short_text != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), text);
}

/* The end of a run goes to the log and the status bar as well. */
static void
report (TcPeriodicPanel *self,
        TcStatusKind     kind,
        const char      *text)
{
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), kind, NULL, text);
}

static void
update_actions (TcPeriodicPanel *self)
{
  gboolean running = tc_periodic_panel_get_running (self);

  if (self->start_action != NULL)
    g_simple_action_set_enabled (self->start_action, !running);
  if (self->stop_action != NULL)
    g_simple_action_set_enabled (self->stop_action, running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
  if (running)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "suggested-action");
}

/* The counter while sending: "12 of 100 sent", or "12 sent". */
static void
show_counter (TcPeriodicPanel *self)
{
  guint64 sent = self->periodic != NULL ? tc_periodic_get_sent (self->periodic) : 0;
  g_autofree char *text = NULL;
  g_autofree char *short_text = NULL;

  if (self->count > 0)
    /* TRANSLATORS: a periodic send's counter: messages sent, then how many in all */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u ms: %" PRIu64
                                         " of %" PRIu64 " message sent",
                                         "Every %u ms: %" PRIu64
                                         " of %" PRIu64 " messages sent",
                                         (gulong) MIN (self->count, G_MAXULONG)),
                            (guint) gtk_spin_button_get_value_as_int (self->every_spin), sent,
                            self->count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u ms: %" PRIu64
                                         " message sent",
                                         "Every %u ms: %" PRIu64 " messages sent",
                                         (gulong) MIN (sent, G_MAXULONG)),
                            (guint) gtk_spin_button_get_value_as_int (self->every_spin), sent);
  if (self->count > 0)
    /* TRANSLATORS: beside the periodic send's button: sent, of how many */
    short_text = g_strdup_printf (_("%" PRIu64 "/%" PRIu64), sent,
                                  self->count);
  else
    short_text = g_strdup_printf ("%" PRIu64, sent);
  show_state (self, text, short_text);

  if (sent != self->shown_sent)
    {
      self->shown_sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  show_counter (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop_refreshing (TcPeriodicPanel *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
}

/* The end of a run: the count reached, or why it stopped. */
static void
periodic_done_cb (guint64       sent,
                  const GError *reason,
                  gpointer      user_data)
{
  TcPeriodicPanel *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *short_text = NULL;

  stop_refreshing (self);
  if (reason != NULL)
    /* TRANSLATORS: how many were sent, then why the periodic send stopped */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Stopped after %" PRIu64 " message: %s",
                                         "Stopped after %" PRIu64 " messages: %s",
                                         (gulong) MIN (sent, G_MAXULONG)),
                            sent, reason->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Done: %" PRIu64 " message sent",
                                         "Done: %" PRIu64 " messages sent",
                                         (gulong) MIN (sent, G_MAXULONG)),
                            sent);
  /* TRANSLATORS: beside the periodic send's button once it ended: how many went */
  short_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " sent",
                                             "%" PRIu64 " sent",
                                             (gulong) MIN (sent, G_MAXULONG)), sent);
  show_state (self, text, short_text);
  report (self, TC_STATUS_INFO, text);
  if (sent != self->shown_sent)
    {
      self->shown_sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
start_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TcPeriodicPanel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint every_ms;

  if (self->send_box == NULL || self->session == NULL || tc_periodic_panel_get_running (self))
    return;
  if (!tc_send_box_get_can_send (self->send_box))
    {
      const char *reason = tc_send_box_get_disabled_reason (self->send_box);

      show_state (self, reason != NULL ? reason : _("Nothing can be sent now"), NULL);
      report (self, TC_STATUS_ERROR, reason != NULL ? reason : _("Nothing can be sent now"));
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  bytes = tc_send_box_dup_bytes (self->send_box, &error);
  if (bytes == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not started: %s"), error->message);

      show_state (self, text, NULL);
      report (self, TC_STATUS_ERROR, text);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  every_ms = (guint) CLAMP (gtk_spin_button_get_value_as_int (self->every_spin), 1,
                            TC_PERIODIC_MAX_EVERY_MS);
  self->count = (guint64) MAX (gtk_spin_button_get_value_as_int (self->count_spin), 0);
  self->shown_sent = 0;
  g_clear_object (&self->periodic);
  self->periodic = tc_periodic_new (bytes, every_ms, self->count);
  tc_periodic_set_done_func (self->periodic, periodic_done_cb, self);
  tc_periodic_attach (self->periodic, self->session);
  tc_periodic_start (self->periodic, self->target);

  gtk_popover_popdown (self->popover);
  stop_refreshing (self);
  self->refresh_source = g_timeout_add (COUNTER_REFRESH_MS, refresh_cb, self);
  update_actions (self);
  show_counter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TcPeriodicPanel *self = user_data;
  g_autoptr(GError) reason = NULL;

  if (!tc_periodic_panel_get_running (self))
    return;
  tc_periodic_stop (self->periodic);
  reason = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("stopped"));
  periodic_done_cb (tc_periodic_get_sent (self->periodic), reason, self);
}

static const GActionEntry periodic_entries[] = {
  { .name = "periodic-start", .activate = start_action },
  { .name = "periodic-stop", .activate = stop_action },
};

static void
tc_periodic_panel_dispose (GObject *object)
{
  TcPeriodicPanel *self = TC_PERIODIC_PANEL (object);

  stop_refreshing (self);
  if (self->periodic != NULL)
    tc_periodic_set_done_func (self->periodic, NULL, NULL);
  g_clear_object (&self->periodic);
  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_PERIODIC_PANEL);
  g_clear_object (&self->send_box);
  g_clear_object (&self->session);
  g_clear_object (&self->target);
  self->start_action = NULL;
  self->stop_action = NULL;

  G_OBJECT_CLASS (tc_periodic_panel_parent_class)->dispose (object);
}

static void
tc_periodic_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TcPeriodicPanel *self = TC_PERIODIC_PANEL (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, tc_periodic_panel_get_running (self));
      break;
    case PROP_SENT:
      g_value_set_uint64 (value, tc_periodic_panel_get_sent (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_periodic_panel_class_init (TcPeriodicPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = tc_periodic_panel_dispose;
  object_class->get_property = tc_periodic_panel_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_SENT] = g_param_spec_uint64 ("sent", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, TC_RESOURCE_PREFIX
                                               "/ui/tc-periodic-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TcPeriodicPanel, button);
  gtk_widget_class_bind_template_child (widget_class, TcPeriodicPanel, popover);
  gtk_widget_class_bind_template_child (widget_class, TcPeriodicPanel, every_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPeriodicPanel, count_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPeriodicPanel, state_label);
  gtk_widget_class_bind_template_child (widget_class, TcPeriodicPanel, stop_button);
}

static void
tc_periodic_panel_init (TcPeriodicPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The send box whose message goes out, in its input mode. */
void
tc_periodic_panel_attach (TcPeriodicPanel *self,
                          TcSendBox       *send_box)
{
  g_return_if_fail (TC_IS_PERIODIC_PANEL (self));
  g_return_if_fail (TC_IS_SEND_BOX (send_box));

  g_set_object (&self->send_box, send_box);
}

void
tc_periodic_panel_set_session (TcPeriodicPanel *self,
                               TcSession       *session)
{
  g_return_if_fail (TC_IS_PERIODIC_PANEL (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
}

/**
 * tc_periodic_panel_set_target:
 * @target: (nullable): who the next run sends to: a server's chosen
 *   client, or %NULL for every client (a client: its server)
 *
 * A run keeps the target it started with.
 */
void
tc_periodic_panel_set_target (TcPeriodicPanel *self,
                              TcConnection    *target)
{
  g_return_if_fail (TC_IS_PERIODIC_PANEL (self));
  g_return_if_fail (target == NULL || TC_IS_CONNECTION (target));

  g_set_object (&self->target, target);
}

/* Puts periodic-start and periodic-stop into @map, the window's. */
void
tc_periodic_panel_add_actions (TcPeriodicPanel *self,
                               GActionMap      *map)
{
  g_return_if_fail (TC_IS_PERIODIC_PANEL (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, periodic_entries, G_N_ELEMENTS (periodic_entries), self);
  self->start_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "periodic-start"));
  self->stop_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "periodic-stop"));
  update_actions (self);
}

gboolean
tc_periodic_panel_get_running (TcPeriodicPanel *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC_PANEL (self), FALSE);
  return self->periodic != NULL && tc_periodic_get_running (self->periodic);
}

/* Returns: how many the current or last run sent */
guint64
tc_periodic_panel_get_sent (TcPeriodicPanel *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC_PANEL (self), 0);
  return self->periodic != NULL ? tc_periodic_get_sent (self->periodic) : 0;
}

/* Returns: (nullable): what shows beside the button: the counter, or how
 *   the last run ended */
const char *
tc_periodic_panel_get_status (TcPeriodicPanel *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC_PANEL (self), NULL);

  return tc_automation_panel_get_status (TC_AUTOMATION_PANEL (self));
}

GtkPopover *
tc_periodic_panel_get_popover (TcPeriodicPanel *self)
{
  g_return_val_if_fail (TC_IS_PERIODIC_PANEL (self), NULL);
  return self->popover;
}

/* As typed in the popover. */
void
tc_periodic_panel_set_every (TcPeriodicPanel *self,
                             guint            every_ms)
{
  g_return_if_fail (TC_IS_PERIODIC_PANEL (self));
  gtk_spin_button_set_value (self->every_spin, every_ms);
}

void
tc_periodic_panel_set_count (TcPeriodicPanel *self,
                             guint            count)
{
  g_return_if_fail (TC_IS_PERIODIC_PANEL (self));
  gtk_spin_button_set_value (self->count_spin, count);
}
