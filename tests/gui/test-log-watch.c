/* test-log-watch.c: watching the log: search, filters, pause and follow, time modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-gui-test-util.h"
#include "tc-session-pane.h"
#include "tc-test-util.h"
#include "tc-traffic-graph.h"

#define WAIT_MS 10000
#define SETTLE_FRAMES 4

typedef struct
{
  GtkWindow     *window;
  TcSessionPane *pane;
  TcLogView     *view;
  TcLogModel    *model;
  GSimpleActionGroup *win;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 500);
  f->pane = TC_SESSION_PANE (tc_session_pane_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->pane));
  f->view = tc_session_pane_get_log_view (f->pane);
  f->model = tc_log_view_get_model (f->view);
  /* As the windows do: the pane's actions in "win". */
  f->win = g_simple_action_group_new ();
  tc_session_pane_add_actions (f->pane, G_ACTION_MAP (f->win));
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (f->win));
  tc_status_bar_add_segment (tc_session_pane_get_status_bar (f->pane), "traffic", "Traffic");
  tc_status_bar_add_segment (tc_session_pane_get_status_bar (f->pane), "rates", "Rates");
  gtk_window_present (f->window);
  TC_WAIT_UNTIL (NULL, gtk_widget_get_mapped (GTK_WIDGET (f->view)), WAIT_MS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->win);
  TC_WAIT_UNTIL (NULL, !g_main_context_pending (NULL), WAIT_MS);
}

/* Saves the window as a PNG in $TCPCHAT_TEST_SCREENSHOT_DIR, when set,
 * once the rows have settled. */
static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  if (g_getenv ("TCPCHAT_TEST_SCREENSHOT_DIR") == NULL)
    return;
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), name);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->view), action, parameter));
}

/* "line 000" ... from two peers; every tenth says "ALPHA", every fourth
 * is a line sent; an event now and then. */
static void
fill (Fixture *f,
      guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %03u%s", i, i % 10 == 3 ? " ALPHA beta" : "");

      if (i % 50 == 49)
        tc_log_model_append_event (f->model, NULL, "event %u", i);
      else
        tc_log_model_append (f->model, i % 4 == 0 ? TC_LOG_DIRECTION_SENT : TC_LOG_DIRECTION_RECEIVED,
                             0, i % 2 == 0 ? "127.0.0.1:1000" : "127.0.0.1:2000",
                             text, -1, TC_MESSAGE_FLAG_NONE, 0);
    }
  tc_log_model_flush (f->model);
}

static GtkEditable *
search_entry (Fixture *f)
{
  GtkWidget *entry = tc_gui_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_ENTRY, NULL);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

/* As a person types a query and presses Enter. */
static void
search_for (Fixture    *f,
            const char *text)
{
  GtkEditable *entry = search_entry (f);

  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
}

static GtkAdjustment *
vadjustment (Fixture *f)
{
  GtkWidget *scroller = tc_gui_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW,
                                                 NULL);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

static gboolean
at_bottom (Fixture *f)
{
  GtkAdjustment *adjustment = vadjustment (f);

  return G_APPROX_VALUE (gtk_adjustment_get_value (adjustment),
                         gtk_adjustment_get_upper (adjustment) -
                         gtk_adjustment_get_page_size (adjustment), 0.5);
}

/* The row the list shows for @position, or NULL when it has none. */
static TcLogRow *
row_for_text (Fixture    *f,
              const char *text)
{
  GtkWidget *list = GTK_WIDGET (tc_log_view_get_list_view (f->view));

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && TC_IS_LOG_ROW (row) && gtk_widget_get_child_visible (child) &&
          g_strcmp0 (tc_log_row_get_text (TC_LOG_ROW (row)), text) == 0)
        return TC_LOG_ROW (row);
    }
  return NULL;
}

static guint
selected_position (Fixture *f)
{
  GtkSelectionModel *selection =
    GTK_SELECTION_MODEL (gtk_list_view_get_model (tc_log_view_get_list_view (f->view)));
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  return gtk_bitset_get_minimum (selected);
}

static char *
shown_text (Fixture *f,
            guint    position)
{
  g_autoptr(TcLogEntry) entry = g_list_model_get_item (tc_log_view_get_shown (f->view), position);

  g_assert_nonnull (entry);
  return tc_log_entry_dup_text (entry);
}

static const char *
status (Fixture *f)
{
  return tc_log_view_get_search_status (f->view);
}

/* Text, either case by default: Enter, Shift+Enter and F3 go between the
 * matches, around the ends, each selected and scrolled into view. */
static void
test_search_text (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  TcLogRow *row;

  fill (f, 300);
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->view), "<Control>f"));
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (search_entry (f))));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (f->window),
                                         GTK_WIDGET (search_entry (f))));

  search_for (f, "alpha");
  g_assert_cmpstr (status (f), ==, "1 of 30");
  text = shown_text (f, selected_position (f));
  g_assert_cmpstr (text, ==, "line 003 ALPHA beta");
  g_clear_pointer (&text, g_free);

  g_signal_emit_by_name (search_entry (f), "activate");
  g_assert_cmpstr (status (f), ==, "2 of 30");
  text = shown_text (f, selected_position (f));
  g_assert_cmpstr (text, ==, "line 013 ALPHA beta");
  g_clear_pointer (&text, g_free);

  /* Shift+Enter in the bar: back one; once more: around to the last. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.find-previous", NULL));
  g_assert_cmpstr (status (f), ==, "1 of 30");
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->view), "<Shift>F3"));
  g_assert_cmpstr (status (f), ==, "30 of 30");
  text = shown_text (f, selected_position (f));
  g_assert_cmpstr (text, ==, "line 293 ALPHA beta");
  g_clear_pointer (&text, g_free);
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->view), "F3"));
  g_assert_cmpstr (status (f), ==, "1 of 30");

  /* Scrolled to, and the words marked in the row. */
  TC_WAIT_UNTIL (NULL, (row = row_for_text (f, "line 003 ALPHA beta")) != NULL &&
                       tc_log_row_get_n_highlights (row) == 1, WAIT_MS);
  g_assert_false (tc_log_view_get_following (f->view));
  save_screenshot (f, "log-search.png");

  /* Match case: the lower-case word is nowhere. */
  activate (f, "log.match-case", NULL);
  g_assert_cmpstr (status (f), ==, "No matches");
  search_for (f, "ALPHA");
  g_assert_cmpstr (status (f), ==, "1 of 30");
  g_assert_cmpuint (tc_log_view_get_n_matches (f->view), ==, 30);

  /* Lines that come meanwhile are counted; the current match stays. */
  fill (f, 100);
  TC_WAIT_UNTIL (NULL, tc_gui_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LABEL,
                                                 "1 of 40") != NULL, WAIT_MS);
}

/* A regular expression; a bad one says why in the bar. */
static void
test_search_regex (Fixture       *f,
                   gconstpointer  data)
{
  fill (f, 300);
  activate (f, "log.find", NULL);
  activate (f, "log.search-kind", g_variant_new_string ("regex"));

  search_for (f, "^line 1[0-9]3 alpha");
  g_assert_cmpstr (status (f), ==, "1 of 10");
  g_assert_cmpuint (tc_log_view_get_n_matches (f->view), ==, 10);

  search_for (f, "line (0");
  g_assert_true (g_str_has_prefix (status (f), "Not a regular expression: "));
  g_assert_cmpuint (tc_log_view_get_n_matches (f->view), ==, 0);
  /* Stepping with a bad query does nothing. */
  activate (f, "log.find-next", NULL);
  g_assert_true (g_str_has_prefix (status (f), "Not a regular expression: "));

  /* The same text as plain text is fine: nothing has "(". */
  activate (f, "log.search-kind", g_variant_new_string ("text"));
  g_assert_cmpstr (status (f), ==, "No matches");
}

/* Hex bytes, in the hex display: "41 4C 50 48 41" is "ALPHA". */
static void
test_search_hex (Fixture       *f,
                 gconstpointer  data)
{
  TcLogRow *row;

  fill (f, 300);
  activate (f, "log.display-mode", g_variant_new_string ("hex"));
  activate (f, "log.find", NULL);
  activate (f, "log.search-kind", g_variant_new_string ("hex"));

  search_for (f, "41 4c 50");
  g_assert_cmpstr (status (f), ==, "1 of 30");
  search_for (f, "0x41,0x4C");
  g_assert_cmpuint (tc_log_view_get_n_matches (f->view), ==, 30);
  TC_WAIT_UNTIL (NULL, (row = row_for_text (f, "line 003 ALPHA beta")) != NULL &&
                       tc_log_row_get_n_highlights (row) == 1, WAIT_MS);

  save_screenshot (f, "log-search-hex.png");
  search_for (f, "4G");
  g_assert_true (g_str_has_prefix (status (f), "Not hex bytes: "));
}

/* Filters narrow the view, never the log: a direction, a peer, the
 * search's matches; the search counts within what is shown. */
static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  GListModel *shown = tc_log_view_get_shown (f->view);
  guint n_model;

  fill (f, 300);
  n_model = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n_model, ==, 300);

  activate (f, "log.filter-direction", g_variant_new_string ("out"));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 75);
  activate (f, "log.filter-direction", g_variant_new_string ("events"));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 6);
  activate (f, "log.filter-direction", g_variant_new_string ("in"));
  /* 300 less 75 sent and 6 events. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 300 - 75 - 6);

  activate (f, "log.filter-direction", g_variant_new_string ("all"));
  activate (f, "log.filter-peer", g_variant_new_string ("127.0.0.1:2000"));
  /* The odd lines, but for the 6 events in their places. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 150 - 6);

  /* The search counts what is shown, at its positions there. */
  activate (f, "log.filter-direction", g_variant_new_string ("out"));
  search_for (f, "alpha");
  g_assert_cmpstr (status (f), ==, "No matches");
  activate (f, "log.filter-direction", g_variant_new_string ("all"));
  g_assert_cmpstr (status (f), ==, "30 matches");
  activate (f, "log.find-next", NULL);
  g_assert_cmpstr (status (f), ==, "1 of 30");
  g_assert_cmpuint (tc_log_view_get_current_match (f->view), ==, 1);
  activate (f, "log.filter-matches", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 30);

  /* The selected entry's peer, from the menu. */
  activate (f, "log.filter-peer", g_variant_new_string (""));
  activate (f, "log.filter-matches", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 300);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_list_view_get_model (tc_log_view_get_list_view (f->view))),
                                   0, TRUE);
  activate (f, "log.filter-selected-peer", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 150);

  /* New entries go through the filter as they come. */
  tc_log_model_append (f->model, TC_LOG_DIRECTION_RECEIVED, 0, "127.0.0.1:1000", "late", -1,
                       TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_append (f->model, TC_LOG_DIRECTION_RECEIVED, 0, "127.0.0.1:3000", "other", -1,
                       TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_flush (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 151);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 302);
}

/* Paused (Scroll Lock), the view stays while lines come and counts them;
 * the "N new" button goes back down and follows again. */
static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  GtkAdjustment *adjustment = vadjustment (f);
  GtkWidget *new_button;
  double held;

  fill (f, 300);
  TC_WAIT_UNTIL (NULL, gtk_adjustment_get_upper (adjustment) >
                       2 * gtk_adjustment_get_page_size (adjustment) && at_bottom (f), WAIT_MS);
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);

  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->view), "Scroll_Lock"));
  g_assert_true (tc_log_view_get_paused (f->view));
  g_assert_false (tc_log_view_get_following (f->view));
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  held = gtk_adjustment_get_value (adjustment);

  for (guint i = 0; i < 5; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment);

      fill (f, 20);
      TC_WAIT_UNTIL (NULL, gtk_adjustment_get_upper (adjustment) > upper, WAIT_MS);
      tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
      /* Within a row: GTK 4.8's list, anchored at the bottom, rounds its
       * anchor once by a pixel or two when rows are added below it. */
      g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), held, 3);
    }
  g_assert_cmpuint (tc_log_view_get_n_new (f->view), ==, 100);
  new_button = tc_gui_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_BUTTON, "log.jump-to-end");
  g_assert_nonnull (new_button);
  g_assert_true (gtk_widget_get_visible (new_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (new_button)), ==, "100 new ↓");

  g_signal_emit_by_name (new_button, "clicked");
  g_assert_false (tc_log_view_get_paused (f->view));
  TC_WAIT_UNTIL (NULL, at_bottom (f) && tc_log_view_get_following (f->view), WAIT_MS);
  g_assert_cmpuint (tc_log_view_get_n_new (f->view), ==, 0);
  g_assert_false (gtk_widget_get_visible (new_button));
}

static const char *
row_time (Fixture    *f,
          const char *text)
{
  TcLogRow *row = row_for_text (f, text);

  g_assert_nonnull (row);
  return tc_log_row_get_time (row);
}

/* Absolute, relative to the start, the gap to the entry above, none. */
static void
test_time_modes (Fixture       *f,
                 gconstpointer  data)
{
  gint64 start = g_get_real_time ();
  const char *lines[] = { "first", "second", "third" };
  const gint64 at[] = { 0, 1500, 1000000 + 1500 + 250 };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    tc_log_model_append (f->model, TC_LOG_DIRECTION_RECEIVED, start + at[i], "127.0.0.1:1",
                         lines[i], -1, TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_flush (f->model);
  TC_WAIT_UNTIL (NULL, row_for_text (f, "third") != NULL, WAIT_MS);
  g_assert_cmpuint (strlen (row_time (f, "third")), ==, strlen ("HH:MM:SS.mmm"));

  activate (f, "log.time-mode", g_variant_new_string ("relative"));
  TC_WAIT_UNTIL (NULL, row_for_text (f, "third") != NULL &&
                       g_str_has_prefix (row_time (f, "third"), "+"), WAIT_MS);
  g_assert_cmpstr (row_time (f, "first"), ==, "+0.000000");
  g_assert_cmpstr (row_time (f, "second"), ==, "+0.001500");
  g_assert_cmpstr (row_time (f, "third"), ==, "+1.001750");

  activate (f, "log.time-mode", g_variant_new_string ("delta"));
  TC_WAIT_UNTIL (NULL, row_for_text (f, "third") != NULL &&
                       g_str_has_suffix (row_time (f, "third"), " ms"), WAIT_MS);
  g_assert_cmpstr (row_time (f, "first"), ==, "+0.000 ms");
  g_assert_cmpstr (row_time (f, "second"), ==, "+1.500 ms");
  g_assert_cmpstr (row_time (f, "third"), ==, "+1000.250 ms");

  activate (f, "log.time-mode", g_variant_new_string ("hidden"));
  TC_WAIT_UNTIL (NULL, row_for_text (f, "third") != NULL &&
                       row_time (f, "third") == NULL, WAIT_MS);
  g_assert_null (row_time (f, "first"));
}

/* The counters from the window, their rate each second, the graph of the
 * last minute (hidden until asked for), and a reset said in the log. */
static void
test_counters_and_graph (Fixture       *f,
                         gconstpointer  data)
{
  TcStatusBar *bar = tc_session_pane_get_status_bar (f->pane);
  TcTrafficGraph *graph = TC_TRAFFIC_GRAPH (tc_session_pane_get_traffic_graph (f->pane));

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (graph)));
  tc_session_pane_show_traffic (f->pane, 0, 0);
  tc_session_pane_show_traffic (f->pane, 3000, 1000);
  g_assert_cmpstr (tc_status_bar_get_segment (bar, "traffic"), ==, "In: 3.0\u00a0kB · Out: 1.0\u00a0kB");

  /* The next second's tick: a rate, and a bar for it. */
  TC_WAIT_UNTIL (NULL, tc_traffic_graph_get_peak (graph) > 0, WAIT_MS);
  g_assert_false (g_str_has_prefix (tc_status_bar_get_segment (bar, "rates"), "0 B/s in"));

  g_action_group_activate_action (G_ACTION_GROUP (f->win), "show-graph", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (graph)));
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (graph)), >, 0);
  save_screenshot (f, "traffic-graph.png");

  g_action_group_activate_action (G_ACTION_GROUP (f->win), "reset-counters", NULL);
  g_assert_cmpstr (tc_status_bar_get_segment (bar, "traffic"), ==, "In: 0 B · Out: 0 B");
  tc_session_pane_show_traffic (f->pane, 3100, 1000);
  g_assert_cmpstr (tc_status_bar_get_segment (bar, "traffic"), ==, "In: 100 B · Out: 0 B");
  g_assert_true (tc_gui_test_log_has (f->model, TC_LOG_DIRECTION_EVENT, "Traffic counters reset",
                                      FALSE));
}

static int
min_width (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return minimum;
}

static void
test_follow_basic (Fixture       *f,
                   gconstpointer  data)
{
  /* The search bar takes no room until it is used: the windows keep the
   * width they had (the log asks for no more than the pane gives it). */
  g_assert_cmpint (min_width (GTK_WIDGET (f->view)), <=, 300);
  activate (f, "log.find", NULL);
  g_test_message ("log view with the search bar: at least %d px", min_width (GTK_WIDGET (f->view)));
  g_assert_cmpint (min_width (GTK_WIDGET (f->view)), <=, 700);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (tc_gui_test_find_widget (GTK_WIDGET (f->view),
                                                                          GTK_TYPE_SEARCH_BAR,
                                                                          NULL)), FALSE);
  g_assert_cmpint (min_width (GTK_WIDGET (f->view)), <=, 300);

  fill (f, 300);
  TC_WAIT_UNTIL (NULL, gtk_adjustment_get_upper (vadjustment (f)) >
                       2 * gtk_adjustment_get_page_size (vadjustment (f)) && at_bottom (f),
                 WAIT_MS);
  g_assert_true (tc_log_view_get_following (f->view));
}

int
main (int    argc,
      char **argv)
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/log-watch/no-display"))
    return g_test_run ();

  g_test_add ("/log-watch/follow", Fixture, NULL, fixture_set_up, test_follow_basic,
              fixture_tear_down);
  g_test_add ("/log-watch/search-text", Fixture, NULL, fixture_set_up, test_search_text,
              fixture_tear_down);
  g_test_add ("/log-watch/search-regex", Fixture, NULL, fixture_set_up, test_search_regex,
              fixture_tear_down);
  g_test_add ("/log-watch/search-hex", Fixture, NULL, fixture_set_up, test_search_hex,
              fixture_tear_down);
  g_test_add ("/log-watch/filter", Fixture, NULL, fixture_set_up, test_filter,
              fixture_tear_down);
  g_test_add ("/log-watch/pause", Fixture, NULL, fixture_set_up, test_pause,
              fixture_tear_down);
  g_test_add ("/log-watch/counters-and-graph", Fixture, NULL, fixture_set_up,
              test_counters_and_graph, fixture_tear_down);
  g_test_add ("/log-watch/time-modes", Fixture, NULL, fixture_set_up, test_time_modes,
              fixture_tear_down);

  return g_test_run ();
}
