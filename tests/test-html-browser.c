/* test-html-browser.c — the shared web page as its readers meet it: opened
 * from disk in headless Chromium, driven with key events over the DevTools
 * protocol (on a pipe, so nothing listens on a port): no console error, no
 * request, search, Tab to a badge and its provenance, hostile titles inert,
 * the drawing the same as the PNG export, dark style, a phone's screen.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

#define CALL_TIMEOUT_MS 30000

typedef struct
{
  GSubprocess *process;
  int          to_fd;
  int          from_fd;
  GString     *buffer;
  guint        next_id;
  char        *session;
  char        *page_url;
  GPtrArray   *errors;     /* console errors, exceptions, log errors */
  GPtrArray   *requests;   /* URLs other than the page's */
  guint        dialogs;
  gboolean     loaded;
} Browser;

static char *dir;
static char *doc_path;
static char *html_path;
static char *png_path;
static WaymarkDocument *document;
static Browser *browser;

static char *
quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

static void
send_message (Browser    *b,
              guint       id,
              const char *method,
              const char *params,
              gboolean    in_session)
{
  g_autofree char *message = NULL;
  const char *p;
  gsize left;

  if (in_session)
    message = g_strdup_printf ("{\"id\":%u,\"method\":\"%s\",\"params\":%s,\"sessionId\":\"%s\"}", id, method,
                               params ? params : "{}", b->session);
  else
    message = g_strdup_printf ("{\"id\":%u,\"method\":\"%s\",\"params\":%s}", id, method, params ? params : "{}");
  /* Messages end with a NUL on the pipe. */
  p = message;
  left = strlen (message) + 1;
  while (left > 0)
    {
      gssize n = write (b->to_fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      p += n;
      left -= n;
    }
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return object != NULL && json_object_has_member (object, name) ? json_object_get_string_member (object, name) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  return object != NULL && json_object_has_member (object, name) ? json_object_get_object_member (object, name) : NULL;
}

static void
handle_event (Browser    *b,
              const char *method,
              JsonObject *params)
{
  if (g_str_equal (method, "Runtime.consoleAPICalled"))
    {
      const char *type = member_string (params, "type");

      if (g_strcmp0 (type, "error") == 0 || g_strcmp0 (type, "assert") == 0)
        {
          JsonArray *args = json_object_get_array_member (params, "args");
          JsonObject *first = json_array_get_length (args) > 0 ? json_array_get_object_element (args, 0) : NULL;
          const char *text = member_string (first, "description");

          g_ptr_array_add (b->errors, g_strdup_printf ("console.%s: %s", type, text ? text : "?"));
        }
    }
  else if (g_str_equal (method, "Runtime.exceptionThrown"))
    {
      JsonObject *details = member_object (params, "exceptionDetails");
      JsonObject *exception = member_object (details, "exception");

      g_ptr_array_add (b->errors, g_strdup_printf ("exception: %s %s", member_string (details, "text"),
                                                   member_string (exception, "description") ?: ""));
    }
  else if (g_str_equal (method, "Log.entryAdded"))
    {
      JsonObject *entry = member_object (params, "entry");

      if (g_strcmp0 (member_string (entry, "level"), "error") == 0)
        g_ptr_array_add (b->errors, g_strdup_printf ("log: %s", member_string (entry, "text")));
    }
  else if (g_str_equal (method, "Network.requestWillBeSent"))
    {
      const char *url = member_string (member_object (params, "request"), "url");

      if (url != NULL && g_strcmp0 (url, b->page_url) != 0)
        g_ptr_array_add (b->requests, g_strdup (url));
    }
  else if (g_str_equal (method, "Page.javascriptDialogOpening"))
    {
      /* A dialog would stop the page; say it happened, and close it. */
      b->dialogs++;
      send_message (b, b->next_id++, "Page.handleJavaScriptDialog", "{\"accept\":true}", TRUE);
    }
  else if (g_str_equal (method, "Page.loadEventFired"))
    b->loaded = TRUE;
}

/* Reads messages until @id's answer comes (or, with @id 0, until the page
 * has loaded); events on the way are handled. Returns the answer. */
static JsonNode *
pump (Browser *b,
      guint    id)
{
  gint64 deadline = g_get_monotonic_time () + CALL_TIMEOUT_MS * 1000;

  for (;;)
    {
      char *end;

      while ((end = memchr (b->buffer->str, '\0', b->buffer->len)) != NULL)
        {
          gsize length = end - b->buffer->str;
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;
          JsonObject *message;
          JsonNode *answer = NULL;

          json_parser_load_from_data (parser, b->buffer->str, length, &error);
          g_string_erase (b->buffer, 0, length + 1);
          g_assert_no_error (error);
          message = json_node_get_object (json_parser_get_root (parser));
          if (json_object_has_member (message, "method"))
            handle_event (b, json_object_get_string_member (message, "method"), member_object (message, "params"));
          else if (id != 0 && json_object_has_member (message, "id") &&
                   (guint) json_object_get_int_member (message, "id") == id)
            {
              JsonObject *failure = member_object (message, "error");

              if (failure != NULL)
                g_error ("DevTools call %u failed: %s", id, member_string (failure, "message"));
              answer = json_node_copy (json_object_get_member (message, "result"));
            }
          if (answer != NULL)
            return answer;
        }
      if (id == 0 && b->loaded)
        return NULL;

      {
        struct pollfd fd = { b->from_fd, POLLIN, 0 };
        gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
        char chunk[65536];
        gssize n;
        int ready;

        if (left <= 0)
          g_error ("Chromium did not answer within %d s", CALL_TIMEOUT_MS / 1000);
        ready = poll (&fd, 1, (int) left);
        if (ready < 0 && errno == EINTR)
          continue;
        g_assert_cmpint (ready, >=, 0);
        if (ready == 0)
          continue;
        n = read (b->from_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          g_error ("Chromium closed the DevTools pipe");
        g_string_append_len (b->buffer, chunk, n);
      }
    }
}

static JsonNode *
call (Browser    *b,
      const char *method,
      const char *params)
{
  guint id = b->next_id++;

  send_message (b, id, method, params, b->session != NULL);
  return pump (b, id);
}

static void
call_void (Browser    *b,
           const char *method,
           const char *params)
{
  g_autoptr(JsonNode) node = call (b, method, params);
}

static JsonNode *
evaluate (Browser    *b,
          const char *expression)
{
  g_autofree char *quoted = quote (expression);
  g_autofree char *params = g_strdup_printf ("{\"expression\":%s,\"returnByValue\":true,\"awaitPromise\":true}", quoted);
  g_autoptr(JsonNode) answer = call (b, "Runtime.evaluate", params);
  JsonObject *object = json_node_get_object (answer);
  JsonObject *details = member_object (object, "exceptionDetails");
  JsonObject *result = member_object (object, "result");

  if (details != NULL)
    g_error ("%s threw: %s", expression, member_string (member_object (details, "exception"), "description"));
  if (!json_object_has_member (result, "value"))
    return json_node_init_null (json_node_alloc ());
  return json_node_copy (json_object_get_member (result, "value"));
}

static void
run_js (Browser    *b,
        const char *expression)
{
  g_autoptr(JsonNode) value = evaluate (b, expression);
}

static char *
evaluate_string (Browser    *b,
                 const char *expression)
{
  g_autoptr(JsonNode) value = evaluate (b, expression);

  return JSON_NODE_HOLDS_VALUE (value) ? g_strdup (json_node_get_string (value)) : NULL;
}

static double
evaluate_number (Browser    *b,
                 const char *expression)
{
  g_autoptr(JsonNode) value = evaluate (b, expression);

  g_assert_true (JSON_NODE_HOLDS_VALUE (value));
  return json_node_get_double (value);
}

static gboolean
evaluate_boolean (Browser    *b,
                  const char *expression)
{
  g_autoptr(JsonNode) value = evaluate (b, expression);

  g_assert_true (JSON_NODE_HOLDS_VALUE (value));
  return json_node_get_boolean (value);
}

static void
press (Browser    *b,
       const char *key,
       int         code,
       int         modifiers)
{
  g_autofree char *down = g_strdup_printf ("{\"type\":\"rawKeyDown\",\"key\":\"%s\",\"code\":\"%s\","
                                           "\"windowsVirtualKeyCode\":%d,\"modifiers\":%d}", key, key, code, modifiers);
  g_autofree char *up = g_strdup_printf ("{\"type\":\"keyUp\",\"key\":\"%s\",\"code\":\"%s\","
                                         "\"windowsVirtualKeyCode\":%d,\"modifiers\":%d}", key, key, code, modifiers);

  call_void (b, "Input.dispatchKeyEvent", down);
  call_void (b, "Input.dispatchKeyEvent", up);
}

static void
type_text (Browser    *b,
           const char *text)
{
  g_autofree char *quoted = quote (text);
  g_autofree char *params = g_strdup_printf ("{\"text\":%s}", quoted);

  call_void (b, "Input.insertText", params);
}

static void
set_viewport (Browser *b,
              int      width,
              int      height,
              gboolean phone)
{
  g_autofree char *params = g_strdup_printf ("{\"width\":%d,\"height\":%d,\"deviceScaleFactor\":1,\"mobile\":%s}",
                                             width, height, phone ? "true" : "false");

  call_void (b, "Emulation.setDeviceMetricsOverride", params);
}

static void
set_dark (Browser  *b,
          gboolean  dark)
{
  g_autofree char *params = g_strdup_printf ("{\"features\":[{\"name\":\"prefers-color-scheme\",\"value\":\"%s\"}]}",
                                             dark ? "dark" : "light");

  call_void (b, "Emulation.setEmulatedMedia", params);
}

static void
open_page (Browser *b)
{
  g_autofree char *quoted = quote (b->page_url);
  g_autofree char *params = g_strdup_printf ("{\"url\":%s}", quoted);

  b->loaded = FALSE;
  call_void (b, "Page.navigate", params);
  pump (b, 0);
}

static cairo_surface_t *
screenshot (Browser *b,
            double   width,
            double   height,
            const char *save_as)
{
  g_autofree char *params = g_strdup_printf ("{\"format\":\"png\",\"clip\":{\"x\":0,\"y\":0,\"width\":%.0f,"
                                             "\"height\":%.0f,\"scale\":1}}", width, height);
  g_autoptr(JsonNode) answer = NULL;

  /* After the next two frames: whatever changed is laid out and painted. */
  run_js (b, "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
  answer = call (b, "Page.captureScreenshot", params);
  const char *encoded = json_object_get_string_member (json_node_get_object (answer), "data");
  gsize length;
  g_autofree guchar *png = g_base64_decode (encoded, &length);
  g_autofree char *path = g_build_filename (dir, save_as, NULL);
  const char *keep = g_getenv ("WAYMARK_TEST_SCREENSHOTS");

  g_assert_true (g_file_set_contents (path, (const char *) png, length, NULL));
  if (keep != NULL)
    {
      g_autofree char *copy = g_build_filename (keep, save_as, NULL);

      g_assert_true (g_file_set_contents (copy, (const char *) png, length, NULL));
      g_test_message ("screenshot: %s", copy);
    }
  return cairo_image_surface_create_from_png (path);
}

static char *
find_chromium (void)
{
  const char *names[] = { "chromium", "chromium-browser", "google-chrome", NULL };
  const char *given = g_getenv ("WAYMARK_CHROMIUM");

  if (given != NULL)
    return g_strdup (given);
  for (guint i = 0; names[i] != NULL; i++)
    {
      char *path = g_find_program_in_path (names[i]);

      if (path != NULL)
        return path;
    }
  return NULL;
}

static Browser *
browser_start (const char *program)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) target = NULL, attached = NULL;
  g_autofree char *attach = NULL;
  Browser *b = g_new0 (Browser, 1);
  int to[2], from[2];

  g_assert_true (g_unix_open_pipe (to, FD_CLOEXEC, NULL));
  g_assert_true (g_unix_open_pipe (from, FD_CLOEXEC, NULL));
  /* Chromium reads the protocol on fd 3 and writes on fd 4. */
  g_subprocess_launcher_take_fd (launcher, to[0], 3);
  g_subprocess_launcher_take_fd (launcher, from[1], 4);

  static const char * const flags[] = {
    "--headless", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
    "--disable-gpu", "--disable-extensions", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--font-render-hinting=none",
  };

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    g_ptr_array_add (argv, (gpointer) flags[i]);
  g_ptr_array_add (argv, profile_arg);
  /* Chromium's sandbox cannot start as root, which CI containers are. */
  if (getuid () == 0)
    g_ptr_array_add (argv, (gpointer) "--no-sandbox");
  g_ptr_array_add (argv, (gpointer) "about:blank");
  g_ptr_array_add (argv, NULL);

  b->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  b->to_fd = to[1];
  b->from_fd = from[0];
  b->buffer = g_string_new (NULL);
  b->next_id = 1;
  b->errors = g_ptr_array_new_with_free_func (g_free);
  b->requests = g_ptr_array_new_with_free_func (g_free);

  target = call (b, "Target.createTarget", "{\"url\":\"about:blank\"}");
  attach = g_strdup_printf ("{\"targetId\":\"%s\",\"flatten\":true}",
                            json_object_get_string_member (json_node_get_object (target), "targetId"));
  attached = call (b, "Target.attachToTarget", attach);
  b->session = g_strdup (json_object_get_string_member (json_node_get_object (attached), "sessionId"));
  call_void (b, "Page.enable", NULL);
  call_void (b, "Runtime.enable", NULL);
  call_void (b, "Log.enable", NULL);
  call_void (b, "Network.enable", NULL);
  return b;
}

static void
browser_stop (Browser *b)
{
  close (b->to_fd);
  close (b->from_fd);
  g_subprocess_force_exit (b->process);
  g_subprocess_wait (b->process, NULL, NULL);
  g_object_unref (b->process);
  g_string_free (b->buffer, TRUE);
  g_ptr_array_unref (b->errors);
  g_ptr_array_unref (b->requests);
  g_free (b->session);
  g_free (b->page_url);
  g_free (b);
}

static gboolean
have_browser (void)
{
  if (browser != NULL)
    return TRUE;
  if (g_getenv ("WAYMARK_TEST_BROWSER_REQUIRED") != NULL)
    g_error ("no Chromium to test the shared page in (build-aux/deps.sh test installs it)");
  g_test_skip ("Chromium is not installed (build-aux/deps.sh test installs it)");
  return FALSE;
}

static void
assert_quiet (Browser *b)
{
  for (guint i = 0; i < b->errors->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (b->errors, i));
  for (guint i = 0; i < b->requests->len; i++)
    g_test_message ("request: %s", (char *) g_ptr_array_index (b->requests, i));
  g_assert_cmpuint (b->errors->len, ==, 0);
  g_assert_cmpuint (b->requests->len, ==, 0);
  g_assert_cmpuint (b->dialogs, ==, 0);
}

static void
reset (Browser *b)
{
  set_dark (b, FALSE);
  set_viewport (b, 1280, 800, FALSE);
  open_page (b);
}

/* Opens without an error, a request, or anything run that the page did not bring. */
static void
test_opens (void)
{
  g_autofree char *stage = NULL, *title = NULL;

  if (!have_browser ())
    return;
  reset (browser);
  title = evaluate_string (browser, "document.title");
  g_assert_cmpstr (title, ==, "Online Purchase Journey");
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-panel svg').length"), ==, 2);
  g_assert_true (evaluate_boolean (browser, "document.querySelectorAll('.wm-panel:not([hidden])').length === 1"));
  stage = evaluate_string (browser, "document.getElementById('wm-stage').textContent");
  g_assert_cmpstr (stage, ==, "The whole map");
  /* The map fills the space under the bar. */
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelector('.wm-panel:not([hidden]) svg').getBoundingClientRect().height"), >, 600);
  assert_quiet (browser);
}

static guint
expected_matches (const char *needle)
{
  WaymarkMap *map = waymark_document_get_first_map (document);
  gint64 map_id = waymark_object_get_id (WAYMARK_OBJECT (map));
  g_autoptr(GPtrArray) stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);
  g_autofree char *folded = g_utf8_casefold (needle, -1);
  guint n = 0;

  for (guint s = 0; s < stages->len; s++)
    {
      WaymarkStage *stage = g_ptr_array_index (stages, s);
      g_autoptr(GPtrArray) cards = waymark_document_dup_children (document, WAYMARK_TYPE_CARD, "stage",
                                                                  waymark_object_get_id (WAYMARK_OBJECT (stage)));
      g_autofree char *stage_text = g_utf8_casefold (waymark_stage_get_title (stage), -1);

      n += strstr (stage_text, folded) != NULL;
      for (guint c = 0; c < cards->len; c++)
        {
          WaymarkCard *card = g_ptr_array_index (cards, c);
          g_autofree char *text = g_strconcat (waymark_card_get_title (card), " ", waymark_card_get_body (card), NULL);
          g_autofree char *card_text = g_utf8_casefold (text, -1);

          n += strstr (card_text, folded) != NULL;
        }
    }
  return n;
}

static void
test_search (void)
{
  guint expected = expected_matches ("checkout");
  g_autofree char *first = g_strdup_printf ("1 of %u", expected);
  g_autofree char *second = g_strdup_printf ("2 of %u", expected);
  g_autofree char *text = NULL, *after = NULL, *none = NULL;

  if (!have_browser ())
    return;
  g_assert_cmpuint (expected, >=, 2);
  reset (browser);
  run_js (browser, "document.getElementById('wm-search').focus()");
  type_text (browser, "Checkout");
  text = evaluate_string (browser, "document.getElementById('wm-count').textContent");
  g_assert_cmpstr (text, ==, first);
  /* Every match is marked, the current one more. */
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-ring.wm-hit').length"), ==, expected);
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-ring.wm-current').length"), ==, 1);
  press (browser, "Enter", 13, 0);
  after = evaluate_string (browser, "document.getElementById('wm-count').textContent");
  g_assert_cmpstr (after, ==, second);

  run_js (browser, "document.getElementById('wm-search').select()");
  type_text (browser, "zzzz no such card");
  none = evaluate_string (browser, "document.getElementById('wm-count').textContent");
  g_assert_cmpstr (none, ==, "No matches");
  assert_quiet (browser);
}

/* Tab from the map reaches a badge, which says where its number comes from. */
static void
test_tab_to_badge (void)
{
  g_autofree char *popover = NULL, *label = NULL;
  guint presses = 0;

  if (!have_browser ())
    return;
  reset (browser);
  run_js (browser, "document.querySelector('.wm-panel:not([hidden]) .wm-viewport').focus()");
  while (!evaluate_boolean (browser, "document.activeElement.classList.contains('wm-badge')"))
    {
      g_assert_cmpuint (presses, <, 300);
      press (browser, "Tab", 9, 0);
      presses++;
    }
  g_test_message ("a badge after %u presses of Tab", presses);
  label = evaluate_string (browser, "document.activeElement.getAttribute('aria-label')");
  g_assert_nonnull (strstr (label, " answers"));
  g_assert_true (g_str_has_suffix (label, ": where it comes from"));
  g_assert_true (evaluate_boolean (browser, "!document.getElementById('wm-popover').hidden"));
  popover = evaluate_string (browser, "document.getElementById('wm-popover').innerText");
  g_test_message ("%s", popover);
  g_assert_nonnull (strstr (popover, "Answers (n)"));
  g_assert_nonnull (strstr (popover, "Q3 (q3-survey.csv)"));
  g_assert_nonnull (strstr (popover, "Refreshed"));
  g_assert_nonnull (strstr (popover, "Definition"));
  /* The popover is on screen. */
  g_assert_true (evaluate_boolean (browser, "(() => { const r = document.getElementById('wm-popover').getBoundingClientRect();"
                                            " return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; })()"));

  cairo_surface_destroy (screenshot (browser, 1280, 800, "browser-badge.png"));

  /* Enter opens it as a dialog; Escape gives the focus back. */
  press (browser, "Enter", 13, 0);
  g_assert_true (evaluate_boolean (browser, "document.activeElement.id === 'wm-popover-close'"));
  press (browser, "Escape", 27, 0);
  g_assert_true (evaluate_boolean (browser, "document.getElementById('wm-popover').hidden"));
  g_assert_true (evaluate_boolean (browser, "document.activeElement.classList.contains('wm-badge')"));

  /* An arrow key goes from the badge to what it is on (the first stage,
   * read before the cards), and arrows move on from there. */
  press (browser, "ArrowUp", 38, 0);
  g_assert_true (evaluate_boolean (browser, "document.activeElement.classList.contains('wm-stage')"));
  press (browser, "ArrowRight", 39, 0);
  g_assert_true (evaluate_boolean (browser, "document.activeElement.classList.contains('wm-stage') &&"
                                            " document.activeElement.querySelector('title').textContent === 'Research'"));
  press (browser, "ArrowDown", 40, 0);
  g_assert_true (evaluate_boolean (browser, "document.activeElement.classList.contains('wm-card')"));
  assert_quiet (browser);
}

static void
test_hostile (void)
{
  if (!have_browser ())
    return;
  reset (browser);
  g_assert_true (evaluate_boolean (browser, "typeof window.pwned === 'undefined'"));
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('img').length"), ==, 0);
  for (guint i = 0; waymark_test_hostile_titles[i] != NULL; i++)
    {
      g_autofree char *quoted = quote (waymark_test_hostile_titles[i]);
      g_autofree char *expression = g_strdup_printf ("Array.from(document.querySelectorAll('.wm-card > title'))"
                                                     ".filter(t => t.textContent === 'Note: ' + %s).length", quoted);
      g_autofree char *outline = g_strdup_printf ("Array.from(document.querySelectorAll('#wm-outline a'))"
                                                  ".filter(a => a.textContent === 'Note: ' + %s).length", quoted);

      g_assert_cmpfloat (evaluate_number (browser, expression), ==, 1);
      g_assert_cmpfloat (evaluate_number (browser, outline), ==, 1);
    }
  /* Searched for, it is found as text. */
  run_js (browser, "document.getElementById('wm-search').focus()");
  type_text (browser, "onerror=alert(1)");
  g_assert_true (evaluate_boolean (browser, "document.getElementById('wm-count').textContent === '1 of 1'"));
  assert_quiet (browser);
}

/* The page draws the map as the PNG export does, and in dark style with dark paper. */
static void
test_matches_png (void)
{
  cairo_surface_t *shot, *png;
  double width, height, share, dark_paper;

  if (!have_browser ())
    return;
  reset (browser);
  width = evaluate_number (browser, "JSON.parse(document.getElementById('wm-data').textContent).maps[0].width");
  height = evaluate_number (browser, "JSON.parse(document.getElementById('wm-data').textContent).maps[0].height");
  set_viewport (browser, (int) ceil (width), (int) ceil (height), FALSE);
  /* The map alone at one pixel a point, as the PNG at 72 dpi. */
  /* A copy of the drawing, out of the page script's hands. */
  run_js (browser, "(() => { const svg = document.querySelector('.wm-panel:not([hidden]) svg').cloneNode(true);"
                     " document.body.appendChild(svg); svg.querySelectorAll('.wm-ring').forEach(e => e.remove());"
                     " const d = JSON.parse(document.getElementById('wm-data').textContent).maps[0];"
                     " svg.setAttribute('viewBox', '0 0 ' + d.width + ' ' + d.height);"
                     " Object.assign(svg.style, { position: 'fixed', left: '0', top: '0', zIndex: 100,"
                     "   width: d.width + 'px', height: d.height + 'px' }); })()");
  shot = screenshot (browser, width, height, "browser-map.png");
  png = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (shot), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (abs (cairo_image_surface_get_width (shot) - cairo_image_surface_get_width (png)), <=, 1);
  g_assert_cmpint (abs (cairo_image_surface_get_height (shot) - cairo_image_surface_get_height (png)), <=, 1);
  share = waymark_test_similar_blocks (shot, png, 12);
  g_test_message ("%.1f%% of 8×8 blocks alike", share * 100);
  g_assert_cmpfloat (share, >=, 0.95);
  cairo_surface_destroy (shot);
  cairo_surface_destroy (png);

  /* Dark style: the paper is dark, the text light. */
  set_dark (browser, TRUE);
  dark_paper = evaluate_number (browser, "(() => { const c = getComputedStyle(document.querySelector("
                                         "'.wm-panel:not([hidden]) svg > rect')).fill.match(/\\d+/g).map(Number);"
                                         " return (c[0] + c[1] + c[2]) / 765; })()");
  g_assert_cmpfloat (dark_paper, <, 0.25);
  g_assert_true (evaluate_boolean (browser, "(() => { const t = document.querySelector('.wm-card text');"
                                            " const c = getComputedStyle(t).fill.match(/\\d+/g).map(Number);"
                                            " return (c[0] + c[1] + c[2]) / 765 > 0.6; })()"));
  shot = screenshot (browser, MIN (width, 1280), MIN (height, 800), "browser-dark.png");
  cairo_surface_destroy (shot);
  assert_quiet (browser);
}

/* On a phone: the bar wraps, nothing sticks out sideways, the stages walk. */
static void
test_phone (void)
{
  g_autofree char *stage = NULL;
  cairo_surface_t *shot;

  if (!have_browser ())
    return;
  set_dark (browser, FALSE);
  set_viewport (browser, 390, 844, TRUE);
  open_page (browser);
  g_assert_cmpfloat (evaluate_number (browser, "document.documentElement.scrollWidth"), <=, 390);
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelector('.wm-panel:not([hidden]) svg').getBoundingClientRect().height"), >, 400);
  /* The whole map would be too small to read: the first stage fills the width. */
  stage = evaluate_string (browser, "document.getElementById('wm-stage').textContent");
  g_assert_cmpstr (stage, ==, "Stage 1 of 6: Discover");
  g_assert_cmpfloat (evaluate_number (browser, "(() => { const t = document.querySelector('.wm-panel:not([hidden]) .wm-card text');"
                                               " return t.getBoundingClientRect().height; })()"), >=, 12);
  press (browser, "PageDown", 34, 0);
  g_clear_pointer (&stage, g_free);
  stage = evaluate_string (browser, "document.getElementById('wm-stage').textContent");
  g_assert_cmpstr (stage, ==, "Stage 2 of 6: Research");
  shot = screenshot (browser, 390, 844, "browser-phone.png");
  cairo_surface_destroy (shot);
  assert_quiet (browser);
}

/* Chromium's accessibility tree (what a screen reader gets): a node per
 * stage, card and badge, with the names the app gives them. */
static guint
query_ax (Browser    *b,
          const char *name,
          const char *role)
{
  g_autoptr(JsonNode) doc = call (b, "DOM.getDocument", "{\"depth\":0}");
  gint64 root = json_object_get_int_member (json_object_get_object_member (json_node_get_object (doc), "root"), "nodeId");
  g_autofree char *quoted = name ? quote (name) : NULL;
  g_autofree char *params = g_strdup_printf ("{\"nodeId\":%" G_GINT64_FORMAT "%s%s%s%s%s}", root,
                                             quoted ? ",\"accessibleName\":" : "", quoted ? quoted : "",
                                             role ? ",\"role\":\"" : "", role ? role : "", role ? "\"" : "");
  g_autoptr(JsonNode) answer = call (b, "Accessibility.queryAXTree", params);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "nodes"));
}

static void
test_accessible (void)
{
  WaymarkMap *map;
  g_autoptr(GPtrArray) stages = NULL;

  if (!have_browser ())
    return;
  reset (browser);
  call_void (browser, "DOM.enable", NULL);
  call_void (browser, "Accessibility.enable", NULL);
  map = waymark_document_get_first_map (document);
  stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", waymark_object_get_id (WAYMARK_OBJECT (map)));
  for (guint s = 0; s < stages->len; s++)
    {
      WaymarkStage *stage = g_ptr_array_index (stages, s);
      g_autoptr(GPtrArray) cards = waymark_document_dup_children (document, WAYMARK_TYPE_CARD, "stage",
                                                                  waymark_object_get_id (WAYMARK_OBJECT (stage)));

      g_assert_cmpuint (query_ax (browser, waymark_stage_get_title (stage), "heading"), ==, 1);
      for (guint c = 0; c < cards->len; c++)
        {
          WaymarkCard *card = g_ptr_array_index (cards, c);
          g_autofree char *name = g_strdup_printf ("%s: %s", waymark_card_kind_label (waymark_card_get_kind (card)),
                                                   waymark_card_get_title (card));

          g_assert_cmpuint (query_ax (browser, name, "group"), ==, 1);
        }
    }
  /* Every badge is a button with a name, and no button is nameless. */
  g_assert_cmpuint (query_ax (browser, NULL, "button"), ==,
                    (guint) evaluate_number (browser, "document.querySelectorAll('.wm-panel:not([hidden]) .wm-badge').length + "
                                                      "document.querySelectorAll('.wm-bar button:not([role=tab])').length"));
  g_assert_cmpuint (query_ax (browser, "", "button"), ==, 0);
  g_assert_cmpuint (query_ax (browser, "Outline", "button"), ==, 1);
  g_assert_cmpuint (query_ax (browser, "Find cards", "searchbox"), ==, 1);
  assert_quiet (browser);
}

/* The focus filter dims what it leaves out; zoom keys and Fit; printing
 * gives a page for each map, as the PDF does. */
static void
test_focus_zoom_print (void)
{
  g_autoptr(JsonNode) pdf = NULL;
  g_autofree guchar *bytes = NULL;
  gsize length;
  double fitted, zoomed;
  guint pages = 0;

  if (!have_browser ())
    return;
  reset (browser);
  run_js (browser, "document.querySelector('.wm-panel:not([hidden]) .wm-viewport').focus()");
  fitted = evaluate_number (browser, "document.querySelector('.wm-panel:not([hidden]) svg').viewBox.baseVal.width");
  press (browser, "+", 187, 0);
  zoomed = evaluate_number (browser, "document.querySelector('.wm-panel:not([hidden]) svg').viewBox.baseVal.width");
  g_assert_cmpfloat (zoomed, <, fitted * 0.9);
  press (browser, "0", 48, 0);
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelector('.wm-panel:not([hidden]) svg').viewBox.baseVal.width"), ==, fitted);

  run_js (browser, "(() => { const s = document.getElementById('wm-focus'); s.value = 'kind:pain-point';"
                   " s.dispatchEvent(new Event('change')); })()");
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-panel:not([hidden]) .wm-card:not(.wm-dim)').length"), ==,
                     evaluate_number (browser, "Object.values(JSON.parse(document.getElementById('wm-data').textContent).maps[0].cards)"
                                               ".filter(c => c.kind === 'pain-point').length"));
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-panel:not([hidden]) .wm-card.wm-dim').length"), >, 10);
  g_assert_cmpfloat (evaluate_number (browser, "getComputedStyle(document.querySelector('.wm-card.wm-dim')).opacity"), <, 0.5);
  run_js (browser, "(() => { const s = document.getElementById('wm-focus'); s.value = 'below';"
                   " s.dispatchEvent(new Event('change')); })()");
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-panel:not([hidden]) .wm-card:not(.wm-dim)').length"), >=, 1);

  pdf = call (browser, "Page.printToPDF", "{\"preferCSSPageSize\":true}");
  bytes = g_base64_decode (json_object_get_string_member (json_node_get_object (pdf), "data"), &length);
  for (gsize i = 0; i + 10 < length; i++)
    if (memcmp (bytes + i, "/Type /Page", 11) == 0 && bytes[i + 11] != 's')
      pages++;
  g_test_message ("printed on %u pages", pages);
  if (g_getenv ("WAYMARK_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *keep = g_build_filename (g_getenv ("WAYMARK_TEST_SCREENSHOTS"), "browser-print.pdf", NULL);

      g_assert_true (g_file_set_contents (keep, (const char *) bytes, length, NULL));
    }
  /* Each map whole, then the first, too big to read whole, in pieces
   * that read (the second reads whole). */
  g_assert_cmpuint (pages, >=, 4);
  assert_quiet (browser);
}

/* The second map is a tab of its own. */
static void
test_tabs (void)
{
  if (!have_browser ())
    return;
  reset (browser);
  run_js (browser, "document.querySelector('[role=tab][aria-selected=true]').focus()");
  press (browser, "ArrowRight", 39, 0);
  g_assert_true (evaluate_boolean (browser, "document.activeElement.textContent === 'Returning a Gift'"));
  g_assert_true (evaluate_boolean (browser, "document.activeElement.getAttribute('aria-selected') === 'true'"));
  g_assert_true (evaluate_boolean (browser, "!document.getElementById(document.activeElement.getAttribute('aria-controls')).hidden"));
  g_assert_cmpfloat (evaluate_number (browser, "document.querySelectorAll('.wm-panel:not([hidden]) .wm-card').length"), ==, 1);
  assert_quiet (browser);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *chromium = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkExportOptions options;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = waymark_test_make_dir ("html-browser");
  doc_path = waymark_test_make_shared_map (dir);
  file = g_file_new_for_path (doc_path);
  document = waymark_store_open (file, &error);
  g_assert_no_error (error);

  html_path = g_build_filename (dir, "shared.html", NULL);
  png_path = g_build_filename (dir, "shared.png", NULL);
  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_HTML;
  {
    g_autoptr(GFile) out = g_file_new_for_path (html_path);

    g_assert_true (waymark_export_file (document, &options, out, NULL, NULL, NULL, &error));
  }
  options.format = WAYMARK_EXPORT_FORMAT_PNG;
  options.dpi = 72;
  {
    g_autoptr(GFile) out = g_file_new_for_path (png_path);

    g_assert_true (waymark_export_file (document, &options, out, NULL, NULL, NULL, &error));
  }

  if ((chromium = find_chromium ()) != NULL)
    {
      browser = browser_start (chromium);
      browser->page_url = g_filename_to_uri (html_path, NULL, NULL);
    }

  g_test_add_func ("/waymark/html-browser/opens", test_opens);
  g_test_add_func ("/waymark/html-browser/search", test_search);
  g_test_add_func ("/waymark/html-browser/tab-to-badge", test_tab_to_badge);
  g_test_add_func ("/waymark/html-browser/hostile", test_hostile);
  g_test_add_func ("/waymark/html-browser/matches-png", test_matches_png);
  g_test_add_func ("/waymark/html-browser/phone", test_phone);
  g_test_add_func ("/waymark/html-browser/tabs", test_tabs);
  g_test_add_func ("/waymark/html-browser/focus-zoom-print", test_focus_zoom_print);
  g_test_add_func ("/waymark/html-browser/accessible", test_accessible);

  status = g_test_run ();
  if (browser != NULL)
    browser_stop (browser);
  g_object_unref (document);
  waymark_test_remove_dir (dir);
  g_free (dir);
  g_free (doc_path);
  g_free (html_path);
  g_free (png_path);
  return status;
}
