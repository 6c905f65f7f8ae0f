#!/usr/bin/env python3
# Checks that the core's layers depend one way only (HACKING.md,
# Architecture), as the build's include folders do, and more:
#   - no #include in src/core/<layer>/ names a header of a layer it may
#     not use, nor reaches one by a path ("../layout/…", "src/core/…");
#   - render/ calls no waymark_document_*() or waymark_layout_*() function:
#     it draws from the scene alone;
#   - nothing in src/core includes GTK or libadwaita;
#   - src/core/meson.build defines one static library per layer.
# Prints TAP; exits non-zero on a violation.
#
#   build-aux/check-layers.py [SOURCE_ROOT]

import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), '..'))
CORE = os.path.join(ROOT, 'src', 'core')

# What each layer may use besides itself and base.
ALLOWED = {
    'base': set(),
    'model': set(),
    'store': {'model'},
    'data': {'model'},
    'layout': {'model'},
    'scene': {'layout', 'model'},
    'render': {'scene'},
    'export': {'render', 'scene', 'layout', 'model'},
}
# Headers generated into a layer's build folder.
GENERATED = {'waymark-store-resources.h': 'store', 'waymark-export-resources.h': 'export'}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
CALL = re.compile(r'\b(waymark_(?:document|layout)_\w+)\s*\(')


def layer_of_header():
    """Header file name → the layer whose folder holds it."""
    owner = {}
    for layer in ALLOWED:
        for folder, _, files in os.walk(os.path.join(CORE, layer)):
            for name in files:
                if name.endswith('.h'):
                    if name in owner and owner[name] != layer:
                        raise SystemExit('Bail out! %s is in both %s and %s' % (name, owner[name], layer))
                    owner[name] = layer
    owner.update(GENERATED)
    return owner


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)


def main():
    owner = layer_of_header()
    problems = {'includes': [], 'render': [], 'gtk': [], 'libraries': []}

    for layer, allowed in ALLOWED.items():
        for folder, _, files in os.walk(os.path.join(CORE, layer)):
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, ROOT)
                text = strip_comments(open(path, encoding='utf-8').read())
                for kind, header in INCLUDE.findall(text):
                    if kind == '<':
                        if header.startswith(('gtk/', 'adwaita', 'gdk/')):
                            problems['gtk'].append('%s includes <%s>' % (rel, header))
                        continue
                    if header == 'config.h':
                        continue
                    if '/' in header:
                        problems['includes'].append('%s includes "%s" by a path' % (rel, header))
                        continue
                    target = owner.get(header)
                    if target is None:
                        problems['includes'].append('%s includes "%s", which no layer has' % (rel, header))
                    elif target != layer and target != 'base' and target not in allowed:
                        problems['includes'].append('%s (%s) includes "%s" of %s' % (rel, layer, header, target))
                if layer == 'render':
                    for call in sorted(set(CALL.findall(text))):
                        problems['render'].append('%s calls %s()' % (rel, call))

    meson = open(os.path.join(CORE, 'meson.build'), encoding='utf-8').read()
    for layer in ALLOWED:
        if not re.search(r"static_library\(\s*'waymark-%s'" % layer, meson):
            problems['libraries'].append('src/core/meson.build has no library waymark-%s' % layer)

    checks = [
        ('includes', 'every include in src/core follows the layers'),
        ('render', 'render/ draws from the scene alone'),
        ('gtk', 'src/core includes no GTK header'),
        ('libraries', 'src/core builds a library per layer'),
    ]
    print('1..%d' % len(checks))
    failed = 0
    for number, (key, title) in enumerate(checks, 1):
        if problems[key]:
            failed += 1
            print('not ok %d - %s' % (number, title))
            for problem in problems[key]:
                print('# %s' % problem)
        else:
            print('ok %d - %s' % (number, title))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
