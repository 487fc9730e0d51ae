/* startup.c: launch to first frame of the server and client windows
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (under Xvfb, GDK_BACKEND=x11):
 *   bench-startup --window server|client
 *
 * Takes the time, then starts itself again as the application: the real
 * TcServerApplication or TcClientApplication (the code of tcpchat-server
 * and tcpchat-client, linked the same way), run with no options, so it
 * opens its window as a launch does. The child notes when main() is
 * entered, when the window is added to the application and when the
 * window's frame clock ends its first paint, then quits. Prints one line:
 *   window=server exec_ms=.. window_ms=.. first_frame_ms=.. total_ms=..
 * all from the moment before the spawn (CLOCK_MONOTONIC, shared by both
 * processes); total_ms includes the child's exit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tc-client-application.h"
#include "tc-server-application.h"

#define T0_VARIABLE "TCPCHAT_BENCH_STARTUP_T0"
#define CHILD_TIMEOUT_MS 10000

typedef struct
{
  GApplication *application;
  gint64        t0;
  gint64        main_us;
  gint64        window_us;
  gint64        paint_us;
} Child;

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *child)
{
  if (child->paint_us != 0)
    return;
  child->paint_us = g_get_monotonic_time ();
  printf ("exec_ms=%.1f window_ms=%.1f first_frame_ms=%.1f\n",
          (child->main_us - child->t0) / 1000.0,
          (child->window_us - child->t0) / 1000.0,
          (child->paint_us - child->t0) / 1000.0);
  fflush (stdout);
  g_application_quit (child->application);
}

static void
realize_cb (GtkWidget *window,
            Child     *child)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), child);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 Child          *child)
{
  if (child->window_us != 0)
    return;
  child->window_us = g_get_monotonic_time ();
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), child);
}

static gboolean
child_timeout_cb (gpointer data)
{
  Child *child = data;

  g_printerr ("bench-startup: no frame within %d ms\n", CHILD_TIMEOUT_MS);
  g_application_quit (child->application);
  return G_SOURCE_REMOVE;
}

static int
run_child (const char *window)
{
  Child child = { NULL, 0, g_get_monotonic_time (), 0, 0 };
  const char *t0 = g_getenv (T0_VARIABLE);
  char *argv[] = { (char *) (strcmp (window, "server") == 0 ? "tcpchat-server" : "tcpchat-client"),
                   NULL };

  child.t0 = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : child.main_us;
  if (strcmp (window, "server") == 0)
    child.application = G_APPLICATION (tc_server_application_new ());
  else
    child.application = G_APPLICATION (tc_client_application_new ());

  g_signal_connect (child.application, "window-added", G_CALLBACK (window_added_cb), &child);
  g_timeout_add (CHILD_TIMEOUT_MS, child_timeout_cb, &child);
  g_application_run (child.application, 1, argv);
  g_object_unref (child.application);

  return child.paint_us != 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self = NULL;
  g_autofree char *out = NULL;
  g_autofree char *t0_text = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  const char *window;
  gint64 t0, t1;
  int status;

  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  if (argc == 3 && strcmp (argv[1], "--child") == 0)
    return run_child (argv[2]);

  if (argc != 3 || strcmp (argv[1], "--window") != 0 ||
      (strcmp (argv[2], "server") != 0 && strcmp (argv[2], "client") != 0))
    {
      g_printerr ("usage: bench-startup --window server|client\n");
      return 2;
    }
  window = argv[2];

  self = g_file_read_link ("/proc/self/exe", &error);
  if (self == NULL)
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return 2;
    }

  t0 = g_get_monotonic_time ();
  t0_text = g_strdup_printf ("%" G_GINT64_FORMAT, t0);
  envp = g_environ_setenv (g_get_environ (), T0_VARIABLE, t0_text, TRUE);
  {
    char *child_argv[] = { self, (char *) "--child", (char *) window, NULL };

    if (!g_spawn_sync (NULL, child_argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                       &out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        g_printerr ("bench-startup: %s\n", error->message);
        return 1;
      }
  }
  t1 = g_get_monotonic_time ();

  g_strchomp (out);
  printf ("window=%s %s total_ms=%.1f\n", window, out, (t1 - t0) / 1000.0);

  return 0;
}
