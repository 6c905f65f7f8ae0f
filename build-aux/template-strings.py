#!/usr/bin/env python3
# Writes src/core/store/templates/waymark-template-strings.c: the text of the
# built-in templates, marked for translation with the context "template",
# so xgettext finds it and waymark_store_create() can translate a new map.
# Run it after editing a template; test-store fails while the file is stale.
#
#   build-aux/template-strings.py
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(ROOT, 'src', 'core', 'store', 'templates')
OUTPUT = os.path.join(TEMPLATES, 'waymark-template-strings.c')
ITEMS = os.path.join(ROOT, 'src', 'core', 'model', 'waymark-items.c')

STORE = os.path.join(ROOT, 'src', 'core', 'store', 'waymark-store.c')


def fail(message):
    sys.exit('template-strings.py: ' + message)


def translated_columns():
    """{table: (columns…)}, from _waymark_template_columns in waymark-store.c."""
    text = open(STORE, encoding='utf-8').read()
    start = text.find('_waymark_template_columns[] = {')
    if start < 0:
        fail('%s has no _waymark_template_columns' % STORE)
    body = text[start:text.index('};', start)]
    columns = {}
    for table, column in re.findall(r'\{ "(\w+)", "(\w+)" \}', body):
        columns.setdefault(table, []).append(column)
    if not columns:
        fail('cannot read _waymark_template_columns in %s' % STORE)
    return columns


def tokens(text, path):
    """SQL literals, words and punctuation, comments dropped. The templates
    are plain INSERT … VALUES lists; anything else is refused, not guessed."""
    pos = 0
    while pos < len(text):
        c = text[pos]
        if text.startswith('--', pos):
            pos = text.index('\n', pos) if '\n' in text[pos:] else len(text)
        elif c == "'":
            end = pos + 1
            value = []
            while True:
                quote = text.index("'", end)
                value.append(text[end:quote])
                if text.startswith("''", quote):
                    value.append("'")
                    end = quote + 2
                else:
                    break
            yield ('string', ''.join(value))
            pos = quote + 1
        elif c.isspace():
            pos += 1
        elif c in '(),;':
            yield ('punct', c)
            pos += 1
        else:
            word = re.match(r'[A-Za-z0-9_.+-]+', text[pos:])
            if word is None:
                fail('%s:%d: cannot read %r' % (path, text.count('\n', 0, pos) + 1, text[pos:pos + 20]))
            yield ('word', word.group(0))
            pos += len(word.group(0))


def rows(path):
    """(table, {column: value}) for every row an INSERT of @path adds."""
    # newline='': SQLite keeps a \r\n inside a string as it is.
    items = list(tokens(open(path, encoding='utf-8', newline='').read(), path))
    i = 0
    while i < len(items):
        if items[i][0] == 'word' and items[i][1].upper() == 'INSERT':
            if items[i + 1][1].upper() != 'INTO' or items[i + 3] != ('punct', '('):
                fail('%s: only INSERT INTO table (columns) VALUES … is understood' % path)
            table = items[i + 2][1]
            i += 4  # INSERT INTO table (
            columns = []
            while items[i] != ('punct', ')'):
                if items[i][0] == 'word':
                    columns.append(items[i][1])
                i += 1
            i += 2  # ) VALUES
            while items[i] != ('punct', ';'):
                if items[i] == ('punct', '('):
                    values = []
                    i += 1
                    while items[i] != ('punct', ')'):
                        if items[i] == ('punct', '('):
                            fail('%s: a value of %s is an expression; use a literal' % (path, table))
                        if items[i][0] != 'punct':
                            values.append(items[i])
                        i += 1
                    if len(values) != len(columns):
                        sys.exit('%s: a row of %s has %d values for %d columns'
                                 % (path, table, len(values), len(columns)))
                    yield table, dict(zip(columns, values))
                i += 1
        i += 1


def lane_labels():
    """The lane kinds' English names: lanes titled so take the kind's translation."""
    text = open(ITEMS, encoding='utf-8').read()
    body = text[text.index('lane_kind_labels[][2] = {'):]
    body = body[:body.index('};')]
    labels = dict(re.findall(r'\{ "([a-z-]+)", N_\("([^"]+)"\) \}', body))
    if not labels:
        fail('cannot read the lane kinds in %s' % ITEMS)
    return labels


def c_string(text):
    escapes = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t'}
    return '"%s"' % ''.join(escapes.get(c, c if ord(c) >= 0x20 else '\\%03o' % ord(c)) for c in text)


def main():
    labels = lane_labels()
    columns = translated_columns()
    seen = set()
    out = ['/* waymark-template-strings.c — written by build-aux/template-strings.py; do not edit',
           ' *',
           ' * Copyright 2026 The Waymark authors',
           ' *',
           ' * SPDX-License-Identifier: GPL-3.0-or-later',
           ' */',
           '',
           '#include "config.h"',
           '',
           '#include <glib/gi18n-lib.h>',
           '',
           '#include "waymark-store-private.h"',
           '',
           '/* The text of the built-in templates, in the order they hold it. A new',
           ' * map from a template is translated with the context "template". */',
           'const char * const _waymark_template_strings[] = {']
    for name in sorted(os.listdir(TEMPLATES)):
        if not name.endswith('.sql'):
            continue
        first = True
        for table, row in rows(os.path.join(TEMPLATES, name)):
            for column in columns.get(table, ()):
                kind, value = row.get(column, ('word', 'NULL'))
                if kind != 'string' or value == '' or value in seen:
                    continue
                if table == 'lane' and labels.get(row['kind'][1]) == value:
                    continue
                seen.add(value)
                if first:
                    out.append('  /* Translators: the text of the “%s” template, a realistic example a'
                               % name[:-4])
                    out.append('   * new map starts from: translate it freely, as a journey in your language */')
                    first = False
                out.append('  NC_("template", %s),' % c_string(value))
    out.append('  NULL')
    out.append('};')
    with open(OUTPUT, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    print('%s: %d strings' % (os.path.relpath(OUTPUT, ROOT), len(seen)))


if __name__ == '__main__':
    main()
