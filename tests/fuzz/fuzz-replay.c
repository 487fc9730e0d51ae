/* fuzz-replay.c: runs a fuzz target over its committed corpus and random inputs, as a GTest
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-target.h"

/* FUZZ_TARGET names the corpus folder, e.g. "line-framer". */

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
test_corpus_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guint8 *exact;

  /* In a child process, so that one failing input does not hide the rest. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  /* An exact-size copy: a read past the end is a read past the input. */
  exact = g_memdup2 (contents, len);
  g_assert_cmpint (LLVMFuzzerTestOneInput (exact, len), ==, 0);
  g_free (exact);
}

/* Random inputs with short lines and many newlines, carriage returns and
 * multibyte sequences, so the gcc test run fuzzes a little too.
 */
static void
test_random (void)
{
  static const char alphabet[] = "\n\n\r\xc3\xa9\xe2\x80\xae\x1b\xcc\x81\xff" "abc\t";
  guint n = g_test_thorough () ? 200000 : 5000;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      gsize len = (gsize) g_test_rand_int_range (0, i % 100 == 0 ? 20000 : 300);
      guint8 *input = g_malloc (len + 1);

      for (gsize k = 0; k < len; k++)
        input[k] = k < 9 || g_test_rand_bit () ? (guint8) g_test_rand_int_range (0, 256)
                                                : (guint8) alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
      g_assert_cmpint (LLVMFuzzerTestOneInput (input, len), ==, 0);
      g_free (input);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  const char *srcdir;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  srcdir = g_getenv ("TCPCHAT_TESTS_SRCDIR");
  g_assert_nonnull (srcdir);
  corpus = g_build_filename (srcdir, "fuzz", "corpus", FUZZ_TARGET, NULL);

  dir = g_dir_open (corpus, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (paths, g_build_filename (corpus, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  g_assert_cmpuint (paths->len, >, 0);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/" FUZZ_TARGET "/corpus/%s", base);

      g_test_add_data_func (test_path, path, test_corpus_file);
    }
  g_test_add_func ("/fuzz/" FUZZ_TARGET "/random", test_random);

  return g_test_run ();
}
