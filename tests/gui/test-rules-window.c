/* test-rules-window.c: auto-reply rules loaded in the windows, answering a real peer, turned on
 * and off, each rule on and off, their counts, and a bad file
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-client-window.h"
#include "tc-gui-test-client.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-rules-panel.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

static const char device_rules[] =
  "[rule idn]\n"
  "match=regex:^\\*IDN\\? (\\w+)$\n"
  "reply=ACME,Meter,\\1,1.0\n"
  "\n"
  "[rule frame]\n"
  "match=hex:02 ?? 03\n"
  "reply=\\x06\\1\n"
  "\n"
  "[rule echo]\n"
  "match=prefix:\n"
  "reply=echo {message}\n";

typedef struct
{
  TcServerWindow *window;
  TcRulesPanel   *panel;
  TcRawPeer      *peer;
  char           *dir;
  char           *path;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("tcpchat-rules-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "device.rules", NULL);
  g_assert_true (g_file_set_contents (f->path, device_rules, -1, NULL));

  f->window = tc_gui_test_server_window_new ();
  f->panel = TC_RULES_PANEL (tc_gui_test_find_widget (GTK_WIDGET (f->window),
                                                      TC_TYPE_RULES_PANEL, NULL));
  g_assert_nonnull (f->panel);

  f->peer = tc_gui_test_server_window_serve (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Sends @line and waits for the answer that ends in "\n", which it
 * returns; what came before is dropped. */
static char *
ask (Fixture    *f,
     const char *line,
     gsize       len)
{
  char *answer;

  g_string_truncate (f->peer->in, 0);
  tc_raw_peer_send_all (f->peer, line, len, WAIT_MS);
  TC_WAIT_UNTIL (context (), f->peer->in->len > 0 &&
                             f->peer->in->str[f->peer->in->len - 1] == '\n', WAIT_MS);
  answer = g_strndup (f->peer->in->str, f->peer->in->len);
  g_string_truncate (f->peer->in, 0);
  return answer;
}

static gboolean
rules_active (Fixture *f)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (f->window),
                                                               "rules-active");

  return g_variant_get_boolean (state);
}

/* Loaded, the rules answer: regex captures, a hex pattern, an echo; a rule
 * turned off lets the next answer; the switch turns them all off. */
static void
test_load_and_answer (Fixture       *f,
                      gconstpointer  data)
{
  GtkPopover *popover = tc_rules_panel_get_popover (f->panel);
  g_autofree char *idn = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *echo = NULL;
  g_autofree char *off = NULL;
  g_autofree char *quiet = NULL;
  TcRules *rules;

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window),
                                                     "rules-active"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-load-path",
                                  g_variant_new_string (f->path));
  rules = tc_rules_panel_get_rules (f->panel);
  g_assert_nonnull (rules);
  g_assert_true (rules_active (f));
  g_assert_cmpstr (tc_rules_panel_get_status (f->panel), ==,
                   "Auto-reply: 3 rules from device.rules");

  idn = ask (f, "*IDN? 42\n", 9);
  g_assert_cmpstr (idn, ==, "ACME,Meter,42,1.0\n");
  frame = ask (f, "\x02Z\x03\n", 4);
  g_assert_cmpstr (frame, ==, "\x06Z\n");
  echo = ask (f, "hello\n", 6);
  g_assert_cmpstr (echo, ==, "echo hello\n");
  g_assert_cmpuint (tc_rules_get_fired (rules, 0), ==, 1);

  gtk_popover_popup (popover);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LABEL,
                                             "1 reply"));
  tc_gui_test_save_screenshot (GTK_WIDGET (popover), "rules-popover.png");

  /* The idn rule's box unticked: the echo answers instead. */
  {
    GtkWidget *check = tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON,
                                                "idn");

    g_assert_nonnull (check);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  }
  g_assert_false (tc_rules_get_enabled (rules, 0));
  off = ask (f, "*IDN? 7\n", 8);
  g_assert_cmpstr (off, ==, "echo *IDN? 7\n");
  gtk_popover_popdown (popover);

  /* All off: nothing answers; on again: the next line is answered, and
   * only it. */
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "rules-active",
                                      g_variant_new_boolean (FALSE));
  g_assert_false (rules_active (f));
  tc_raw_peer_send_all (f->peer, "unanswered\n", 11, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                                  TC_LOG_DIRECTION_RECEIVED, "unanswered",
                                                  FALSE), WAIT_MS);
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "rules-active",
                                      g_variant_new_boolean (TRUE));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-set-enabled",
                                  g_variant_new ("(ub)", 0, TRUE));
  quiet = ask (f, "*IDN? 9\n", 8);
  g_assert_cmpstr (quiet, ==, "ACME,Meter,9,1.0\n");
}

/* The file's mode is where the panel's "every match" box starts; ticked,
 * the idn rule and the echo both answer one line; unticked, only idn. */
static void
test_all_matches (Fixture       *f,
                  gconstpointer  data)
{
  GtkPopover *popover = tc_rules_panel_get_popover (f->panel);
  g_autofree char *first = NULL;
  g_autoptr(GVariant) state = NULL;
  GtkWidget *check;

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window),
                                                     "rules-all-matches"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-load-path",
                                  g_variant_new_string (f->path));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "rules-all-matches");
  g_assert_false (g_variant_get_boolean (state));
  g_assert_true (tc_rules_get_first_match (tc_rules_panel_get_rules (f->panel)));

  gtk_popover_popup (popover);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
  check = tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON,
                                   "win.rules-all-matches");
  g_assert_nonnull (check);
  g_assert_true (gtk_widget_is_sensitive (check));
  /* As a click or the space key does */
  gtk_widget_activate (check);
  TC_WAIT_UNTIL (context (), !tc_rules_get_first_match (tc_rules_panel_get_rules (f->panel)),
                 WAIT_MS);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  tc_gui_test_save_screenshot (GTK_WIDGET (popover), "rules-all-matches.png");
  gtk_popover_popdown (popover);

  g_string_truncate (f->peer->in, 0);
  tc_raw_peer_send_all (f->peer, "*IDN? 3\n", 8, WAIT_MS);
  TC_WAIT_UNTIL (context (), strstr (f->peer->in->str, "ACME,Meter,3,1.0\n") != NULL &&
                             strstr (f->peer->in->str, "echo *IDN? 3\n") != NULL, WAIT_MS);

  gtk_widget_activate (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (tc_rules_get_first_match (tc_rules_panel_get_rules (f->panel)));
  first = ask (f, "*IDN? 4\n", 8);
  g_assert_cmpstr (first, ==, "ACME,Meter,4,1.0\n");
}

/* A file whose [settings] say mode=all starts with the box ticked. */
static void
test_all_matches_from_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *contents = g_strconcat ("[settings]\nmode=all\n\n", device_rules, NULL);
  g_autoptr(GVariant) state = NULL;

  g_assert_true (g_file_set_contents (f->path, contents, -1, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-load-path",
                                  g_variant_new_string (f->path));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "rules-all-matches");
  g_assert_true (g_variant_get_boolean (state));
}

/* The Echo button: one click, and every line comes back as it was, in
 * place of the rules loaded. */
static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  GtkPopover *popover = tc_rules_panel_get_popover (f->panel);
  g_autofree char *echo = NULL;
  g_autofree char *idn = NULL;
  GtkWidget *button;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-load-path",
                                  g_variant_new_string (f->path));
  gtk_popover_popup (popover);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
  button = tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_BUTTON, "win.rules-echo");
  g_assert_nonnull (button);
  /* As Enter on it does: the click comes when the press is over. */
  gtk_widget_activate (button);
  TC_WAIT_UNTIL (context (), tc_rules_get_n_rules (tc_rules_panel_get_rules (f->panel)) == 1,
                 WAIT_MS);
  g_assert_true (rules_active (f));
  g_assert_cmpstr (tc_rules_panel_get_status (f->panel), ==, "Auto-reply: 1 rule from echo");
  gtk_popover_popdown (popover);

  echo = ask (f, "hello there\n", 12);
  g_assert_cmpstr (echo, ==, "hello there\n");
  idn = ask (f, "*IDN? 1\n", 8);
  g_assert_cmpstr (idn, ==, "*IDN? 1\n");
}

/* A bad file is said, with its line, and the rules loaded stay. */
static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir, "bad.rules", NULL);
  g_autofree char *echo = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-load-path",
                                  g_variant_new_string (f->path));
  g_assert_true (g_file_set_contents (bad, "[rule x]\nmatch=like:a\nreply=a\n", -1, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "rules-load-path",
                                  g_variant_new_string (bad));
  g_assert_true (g_str_has_prefix (tc_rules_panel_get_status (f->panel),
                                   "Rules not loaded: "));
  g_assert_nonnull (strstr (tc_rules_panel_get_status (f->panel), "[rule x] match: "));
  g_assert_cmpuint (tc_rules_get_n_rules (tc_rules_panel_get_rules (f->panel)), ==, 3);
  echo = ask (f, "still\n", 6);
  g_assert_cmpstr (echo, ==, "echo still\n");
  g_unlink (bad);
}

/* The client window answers its server the same way. */
static void
test_client_window (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tcpchat-rules-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "device.rules", NULL);
  TcServer *server = tc_gui_test_server_start ("127.0.0.1", 0, lines, &error);
  TcClientWindow *window;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, device_rules, -1, NULL));
  window = tc_gui_test_client_window_new ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "rules-load-path",
                                  g_variant_new_string (path));

  tc_gui_test_client_window_connect (window, server);

  g_assert_cmpuint (tc_server_broadcast (server, "*IDN? 5", -1, NULL), ==, 1);
  TC_WAIT_UNTIL (context (), tc_gui_test_lines_have (lines, "ACME,Meter,5,1.0"), WAIT_MS);

  tc_gui_test_client_window_close (window);
  tc_gui_test_server_stop (&server);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/rules-window/display"))
    return g_test_run ();

#define ADD(name, func) \
  g_test_add ("/rules-window/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("load-and-answer", test_load_and_answer);
  ADD ("bad-file", test_bad_file);
  ADD ("all-matches", test_all_matches);
  ADD ("all-matches-from-file", test_all_matches_from_file);
  ADD ("echo", test_echo);
  g_test_add_func ("/rules-window/client-window", test_client_window);

  return g_test_run ();
}
