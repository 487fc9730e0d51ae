/* tc-rules-panel.c: auto-reply rules loaded from a file, turned on and off, with their matches
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-rules-panel.h"

#include "tc-text.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

struct _TcRulesPanel
{
  TcAutomationPanel parent_instance;

  /* template widgets */
  GtkMenuButton *button;
  GtkPopover    *popover;
  GtkCheckButton *active_check;
  GtkLabel      *file_label;
  GtkListBox    *list_box;
  GtkLabel      *notice_label;

  /* owned */
  TcRules       *rules;
  TcSession     *session;
  GPtrArray     *checks;        /* GtkCheckButton, one a rule, borrowed from the list */
  GPtrArray     *counts;        /* GtkLabel, one a rule */
  char          *rules_name;    /* the file's name, for display */

  /* borrowed */
  GSimpleAction *active_action;
  GSimpleAction *all_matches_action;

  /* plain state */
  gboolean       active;
};

G_DEFINE_FINAL_TYPE (TcRulesPanel, tc_rules_panel, TC_TYPE_AUTOMATION_PANEL)

static void
show_counts (TcRulesPanel *self)
{
  for (guint i = 0; self->rules != NULL && i < self->counts->len; i++)
    {
      guint64 fired = tc_rules_get_fired (self->rules, i);
      g_autofree char *text = NULL;

      /* TRANSLATORS: how often an auto-reply rule answered */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " reply",
                                           "%" PRIu64 " replies",
                                           (gulong) MIN (fired, G_MAXULONG)),
                              (uint64_t) fired);
      gtk_label_set_text (g_ptr_array_index (self->counts, i), text);
    }
}

static void
show_notice (TcRulesPanel *self,
             const char   *text)
{
  gtk_label_set_text (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
}

static void
notice_cb (const TcRulesNotice *notice,
           gpointer             user_data)
{
  TcRulesPanel *self = user_data;
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autofree char *text = NULL;
  const char *data;
  gsize len;

  switch (notice->kind)
    {
    case TC_RULES_NOTICE_REPLIED:
      data = g_bytes_get_data (notice->reply, &len);
      tc_text_append_display_safe (reply, data, MIN (len, 200), 0);
      /* TRANSLATORS: a rule's name, the peer, then the reply it sent */
      text = g_strdup_printf (_("%s answered %s: %s"), notice->rule, notice->peer, reply->str);
      show_notice (self, text);
      break;
    case TC_RULES_NOTICE_PAUSED:
      /* TRANSLATORS: a rule's name, then its limit */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Rule %s paused: it fired more than %u time in "
                                           "a second",
                                           "Rule %s paused: it fired more than %u times in "
                                           "a second", notice->max_per_second),
                              notice->rule, notice->max_per_second);
      show_notice (self, text);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, notice->peer, text);
      break;
    case TC_RULES_NOTICE_RESUMED:
      text = g_strdup_printf (_("Rule %s resumed"), notice->rule);
      show_notice (self, text);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, notice->peer, text);
      break;
    case TC_RULES_NOTICE_FAILED:
    default:
      /* TRANSLATORS: a rule's name, then why its reply did not go */
      text = g_strdup_printf (_("Rule %s: reply not sent: %s"), notice->rule,
                              notice->error != NULL ? notice->error->message : "");
      show_notice (self, text);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, notice->peer, text);
      break;
    }
  show_counts (self);
}

static void
apply_active (TcRulesPanel *self)
{
  gboolean attach = self->active && self->rules != NULL && self->session != NULL;

  if (self->rules == NULL)
    return;
  tc_rules_detach (self->rules);
  if (attach)
    tc_rules_attach (self->rules, self->session);
}

static void
set_active (TcRulesPanel *self,
            gboolean      active)
{
  self->active = active && self->rules != NULL;
  apply_active (self);
  if (self->active_action != NULL)
    {
      g_simple_action_set_state (self->active_action, g_variant_new_boolean (self->active));
      g_simple_action_set_enabled (self->active_action, self->rules != NULL);
    }
}

static void
check_toggled_cb (GtkCheckButton *check,
                  gpointer        user_data)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "index"));

  gtk_widget_activate_action (GTK_WIDGET (check), "win.rules-set-enabled", "(ub)", index,
                              gtk_check_button_get_active (check));
}

static void
fill_list (TcRulesPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_ptr_array_set_size (self->checks, 0);
  g_ptr_array_set_size (self->counts, 0);

  for (guint i = 0; i < tc_rules_get_n_rules (self->rules); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *check = gtk_check_button_new_with_label (tc_rules_get_name (self->rules, i));
      GtkWidget *count = gtk_label_new (NULL);

      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 2);
      gtk_widget_set_margin_bottom (box, 2);
      gtk_widget_set_hexpand (check, TRUE);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   tc_rules_get_enabled (self->rules, i));
      g_object_set_data (G_OBJECT (check), "index", GUINT_TO_POINTER (i));
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), check);
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_append (self->list_box, box);
      g_ptr_array_add (self->checks, check);
      g_ptr_array_add (self->counts, count);
    }
  show_counts (self);
}

static void
show_file (TcRulesPanel *self)
{
  const char *name = self->rules_name;
  g_autofree char *text = NULL;

  /* TRANSLATORS: a file's name, how many rules, and whether the first or every match answers */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u rule, %s",
                                       "%s: %u rules, %s", tc_rules_get_n_rules (self->rules)),
                          name, tc_rules_get_n_rules (self->rules),
                          tc_rules_get_first_match (self->rules) ? _("the first match answers")
                                                                 : _("every match answers"));
  gtk_label_set_text (self->file_label, text);
}

static void
show_all_matches (TcRulesPanel *self)
{
  if (self->all_matches_action == NULL)
    return;
  g_simple_action_set_enabled (self->all_matches_action, self->rules != NULL);
  g_simple_action_set_state (self->all_matches_action,
                             g_variant_new_boolean (self->rules != NULL &&
                                                    !tc_rules_get_first_match (self->rules)));
}

static void
use_rules (TcRulesPanel *self,
           TcRules      *rules,
           const char   *name,
           const char   *path)
{
  g_autofree char *text = NULL;

  if (self->rules != NULL)
    {
      tc_rules_detach (self->rules);
      tc_rules_set_notice_func (self->rules, NULL, NULL);
      g_clear_object (&self->rules);
    }
  self->rules = rules;
  tc_rules_set_notice_func (rules, notice_cb, self);
  fill_list (self);

  g_free (self->rules_name);
  self->rules_name = g_strdup (name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), path);
  show_file (self);
  show_all_matches (self);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);

  /* Loaded to be used: they answer at once. */
  set_active (self, TRUE);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Auto-reply: %u rule from %s",
                                       "Auto-reply: %u rules from %s",
                                       tc_rules_get_n_rules (rules)),
                          tc_rules_get_n_rules (rules), name);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL, text);
}

static void
load_path (TcAutomationPanel *panel,
           const char        *path,
           gpointer           user_data)
{
  TcRulesPanel *self = TC_RULES_PANEL (panel);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  TcRules *rules = tc_rules_new_from_file (path, &error);

  if (rules == NULL)
    {
      /* TRANSLATORS: why a rules file cannot be used; the rules loaded before stay */
      text = g_strdup_printf (_("Rules not loaded: %s"), error->message);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, NULL, text);
      show_notice (self, text);
      return;
    }
  use_rules (self, rules, name, path);
}

/* One rule that sends every message back as it came, ended with the
 * session's line ending like any sent message. */
static void
echo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  static const char echo_rules[] = "[rule echo]\nmatch=prefix:\nreply={message}\n";
  TcRulesPanel *self = user_data;
  TcRules *rules = tc_rules_new_from_data (echo_rules, -1, "echo", NULL);

  g_return_if_fail (rules != NULL);
  /* TRANSLATORS: in place of a rules file's name, for the echo rule */
  use_rules (self, rules, _("echo"), NULL);
}

static void
active_change_state (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  TcRulesPanel *self = user_data;
  gboolean active = g_variant_get_boolean (state);

  if (active == self->active)
    return;
  set_active (self, active);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL,
                              self->active ? _("Auto-reply rules on")
                                           : _("Auto-reply rules off"));
}

static void
all_matches_change_state (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  TcRulesPanel *self = user_data;
  gboolean all = g_variant_get_boolean (state);

  if (self->rules == NULL || all == !tc_rules_get_first_match (self->rules))
    return;
  tc_rules_set_first_match (self->rules, !all);
  show_file (self);
  show_all_matches (self);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL,
                              all ? _("Auto-reply: every matching rule answers")
                                  : _("Auto-reply: the first matching rule answers"));
}

static void
set_enabled_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TcRulesPanel *self = user_data;
  guint32 index;
  gboolean enabled;

  g_variant_get (parameter, "(ub)", &index, &enabled);
  if (self->rules == NULL || index >= tc_rules_get_n_rules (self->rules))
    return;
  tc_rules_set_enabled (self->rules, index, enabled);
  if (index < self->checks->len &&
      gtk_check_button_get_active (g_ptr_array_index (self->checks, index)) != enabled)
    gtk_check_button_set_active (g_ptr_array_index (self->checks, index), enabled);
}

/* Before a file dialog opens, the popover that asked for it closes. */
static gboolean
tc_rules_panel_begin_choosing (TcAutomationPanel *panel)
{
  gtk_popover_popdown (TC_RULES_PANEL (panel)->popover);
  return TRUE;
}

static const TcAutomationPanelFileEntry rules_file_entries[] = {
  { .name = "rules-load", .func = load_path, .title = N_("Load Auto-Reply Rules"),
    .not_local = N_("Rules not loaded: only a local file can be read") },
};

static const GActionEntry rules_entries[] = {
  { .name = "rules-echo", .activate = echo_action },
  { .name = "rules-active", .state = "false", .change_state = active_change_state },
  { .name = "rules-set-enabled", .parameter_type = "(ub)", .activate = set_enabled_action },
  { .name = "rules-all-matches", .state = "false", .change_state = all_matches_change_state },
};

static void
tc_rules_panel_dispose (GObject *object)
{
  TcRulesPanel *self = TC_RULES_PANEL (object);

  if (self->rules != NULL)
    {
      tc_rules_detach (self->rules);
      tc_rules_set_notice_func (self->rules, NULL, NULL);
      g_clear_object (&self->rules);
    }
  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_RULES_PANEL);
  g_clear_object (&self->session);
  self->active_action = NULL;
  self->all_matches_action = NULL;

  G_OBJECT_CLASS (tc_rules_panel_parent_class)->dispose (object);
}

static void
tc_rules_panel_finalize (GObject *object)
{
  g_free (TC_RULES_PANEL (object)->rules_name);

  G_OBJECT_CLASS (tc_rules_panel_parent_class)->finalize (object);
}

static void
tc_rules_panel_class_init (TcRulesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_rules_panel_dispose;
  object_class->finalize = tc_rules_panel_finalize;
  TC_AUTOMATION_PANEL_CLASS (klass)->begin_choosing = tc_rules_panel_begin_choosing;

  gtk_widget_class_set_template_from_resource (widget_class, TC_RESOURCE_PREFIX
                                               "/ui/tc-rules-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TcRulesPanel, button);
  gtk_widget_class_bind_template_child (widget_class, TcRulesPanel, popover);
  gtk_widget_class_bind_template_child (widget_class, TcRulesPanel, active_check);
  gtk_widget_class_bind_template_child (widget_class, TcRulesPanel, file_label);
  gtk_widget_class_bind_template_child (widget_class, TcRulesPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, TcRulesPanel, notice_label);
}

static void
tc_rules_panel_init (TcRulesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  self->counts = g_ptr_array_new ();
}

/* The session whose peers the rules answer, every connection. */
void
tc_rules_panel_set_session (TcRulesPanel *self,
                            TcSession    *session)
{
  g_return_if_fail (TC_IS_RULES_PANEL (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  apply_active (self);
}

/* Puts the rules-* actions into @map, the window's. */
void
tc_rules_panel_add_actions (TcRulesPanel *self,
                            GActionMap   *map)
{
  g_return_if_fail (TC_IS_RULES_PANEL (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, rules_entries, G_N_ELEMENTS (rules_entries), self);
  tc_automation_panel_add_file_actions (TC_AUTOMATION_PANEL (self), map, rules_file_entries,
                                        G_N_ELEMENTS (rules_file_entries));
  self->active_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "rules-active"));
  g_simple_action_set_enabled (self->active_action, self->rules != NULL);
  self->all_matches_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                          "rules-all-matches"));
  show_all_matches (self);
}

/* Returns: (transfer none) (nullable): the rules loaded */
TcRules *
tc_rules_panel_get_rules (TcRulesPanel *self)
{
  g_return_val_if_fail (TC_IS_RULES_PANEL (self), NULL);
  return self->rules;
}

GtkPopover *
tc_rules_panel_get_popover (TcRulesPanel *self)
{
  g_return_val_if_fail (TC_IS_RULES_PANEL (self), NULL);
  return self->popover;
}

/* Returns: (nullable): the last thing said in the log: loaded, a rule
 *   paused, a file refused */
const char *
tc_rules_panel_get_status (TcRulesPanel *self)
{
  g_return_val_if_fail (TC_IS_RULES_PANEL (self), NULL);
  return tc_automation_panel_get_status (TC_AUTOMATION_PANEL (self));
}
