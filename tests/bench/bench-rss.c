/* bench-rss.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a command and prints its peak resident memory in KiB. A tiny
 * process of its own, so that what the child inherits before it execs is
 * small: a forked copy of a large parent would count towards the peak.
 *
 *   bench-rss COMMAND [ARG…]
 */

#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int   argc,
      char *argv[])
{
  struct rusage usage;
  int status = 0;
  pid_t pid;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s COMMAND [ARG…]\n", argv[0]);
      return 2;
    }

  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      int null_fd = open ("/dev/null", O_WRONLY);

      dup2 (null_fd, STDOUT_FILENO);
      execvp (argv[1], argv + 1);
      _exit (127);
    }

  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      fprintf (stderr, "%s failed\n", argv[1]);
      return 1;
    }

  printf ("%ld\n", usage.ru_maxrss);
  return 0;
}
