#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the small files of the hostile corpus (tests/files/hostile/) from
# nothing but the schema and blank template in src/ and Python's standard
# library. The output is deterministic; the files are committed, so this
# only needs running again to change a case. Large cases (a huge blob, a
# zip bomb, a 20 MiB field, 200,000 columns) are made by test-hostile.c at
# test time instead. README.md says what each file must do.
#
#   python3 tests/files/hostile/generate.py

import os
import random
import sqlite3
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

APPLICATION_ID = 0x5741594D
FORMAT_VERSION = 3
# The external-entity and XInclude cases name this file; test-hostile.c
# writes a secret into it and checks that no cell ever shows it.
CANARY = "/tmp/waymark-hostile-canary.txt"

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# A fixed time, so that the zips are the same on every run.
DATE = (2026, 1, 1, 0, 0, 0)


def out(name):
    return os.path.join(HERE, name)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def write(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


# Documents ---------------------------------------------------------------

def base_document():
    """The blank template as Waymark saves it, with 512-byte pages (the
    smallest the store accepts) to keep the corpus small."""
    path = out("valid.waymark")
    if os.path.exists(path):
        os.unlink(path)
    db = sqlite3.connect(path)
    db.executescript(
        "PRAGMA page_size = 512; PRAGMA journal_mode = MEMORY;"
        f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {FORMAT_VERSION};")
    db.executescript(read("src/core/store/schema-2.sql"))
    db.execute("INSERT INTO document (id, title, author, created, modified) VALUES "
               "(1, 'Hostile Corpus', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    db.executescript(read("src/core/templates/blank.sql"))
    db.commit()
    db.execute("VACUUM")
    db.close()
    with open(path, "rb") as f:
        return f.read()


def tampered(name, base, sql):
    path = out(name)
    write(name, base)
    db = sqlite3.connect(path)
    db.executescript(sql)
    db.commit()
    db.close()


def patched(name, base, offset, data):
    b = bytearray(base)
    b[offset:offset + len(data)] = data
    write(name, bytes(b))


def documents():
    base = base_document()
    page = 512
    n_pages = len(base) // page
    assert n_pages > 8, n_pages

    tampered("other-application.waymark", base, "PRAGMA application_id = 42;")
    # The header's user_version (offset 60), as a newer Waymark would write it.
    patched("newer-version.waymark", base, 60, struct.pack(">I", FORMAT_VERSION + 1))
    write("truncated.waymark", base[:len(base) // 2])
    # Garbage over a page in the middle, the header left intact.
    rng = random.Random(1)
    garbage = bytes(rng.randrange(256) for _ in range(page))
    patched("corrupted-page.waymark", base, (n_pages // 2) * page, garbage)
    tampered("trigger.waymark", base,
             "CREATE TRIGGER booby AFTER INSERT ON card BEGIN DELETE FROM card; END;")
    tampered("view.waymark", base, "CREATE VIEW lure AS SELECT * FROM card;")
    tampered("virtual-table.waymark", base,
             "CREATE VIRTUAL TABLE search USING fts5 (title, body);"
             "INSERT INTO search VALUES ('a', 'b');")
    # 768: not a power of two.
    patched("page-size-768.waymark", base, 16, struct.pack(">H", 768))
    # 65536 (stored as 1) is a valid size, but not this file's.
    patched("page-size-65536.waymark", base, 16, struct.pack(">H", 1))


# Spreadsheets ------------------------------------------------------------

def is_cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows, prolog=""):
    return (prolog + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetData>'
            + rows + "</sheetData></worksheet>")


GOOD_ROWS = ('<row r="1">' + is_cell("A1", "name") + is_cell("B1", "value") + "</row>"
             '<row r="2">' + is_cell("A2", "apple") + '<c r="B2"><v>3</v></c></row>')


def xlsx_parts(rels_target="worksheets/sheet1.xml"):
    return [
        ("[Content_Types].xml", XML_DECL +
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         "</Types>"),
        ("_rels/.rels", XML_DECL +
         f'<Relationships xmlns="{PKG_NS}"><Relationship Id="rId1" '
         f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", XML_DECL +
         f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
         '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", XML_DECL +
         f'<Relationships xmlns="{PKG_NS}"><Relationship Id="rId1" '
         f'Type="{REL_NS}/worksheet" Target="{rels_target}"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", XML_DECL + sheet(GOOD_ROWS)),
    ]


def write_zip(name, parts):
    with zipfile.ZipFile(out(name), "w") as z:
        for member, data in parts:
            info = zipfile.ZipInfo(member, DATE)
            info.compress_type = zipfile.ZIP_STORED if member == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def replace(parts, member, data):
    return [(m, data if m == member else d) for m, d in parts]


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">\n'
              for i in range(1, 10))
    + "]>\n")


def ods_parts(content_body):
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    return [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", XML_DECL +
         '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
         '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
         "</manifest:manifest>"),
        ("content.xml", content_body.format(office=office, table=table, text=text)),
    ]


def spreadsheets():
    laughs = BILLION_LAUGHS + sheet('<row r="1">' + is_cell("A1", "&lol9;") + "</row>")
    write_zip("entity-bomb.xlsx", replace(xlsx_parts(), "xl/worksheets/sheet1.xml", laughs))

    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY xxe SYSTEM "file://{CANARY}">]>\n'
           + sheet('<row r="1">' + is_cell("A1", "&xxe;") + "</row>"))
    write_zip("external-entity.xlsx", replace(xlsx_parts(), "xl/worksheets/sheet1.xml", xxe))

    # A DTD to load, rather than entities to expand.
    external_dtd = (f'<?xml version="1.0"?>\n<!DOCTYPE worksheet SYSTEM "{CANARY}">\n'
                    + sheet('<row r="1">' + is_cell("A1", "x") + "</row>"))
    write_zip("external-dtd.xlsx", replace(xlsx_parts(), "xl/worksheets/sheet1.xml", external_dtd))

    write_zip("external-entity.ods", ods_parts(
        '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY xxe SYSTEM "file://' + CANARY + '">]>\n'
        '<office:document-content xmlns:office="{office}" xmlns:table="{table}" xmlns:text="{text}">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>&xxe;</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"))

    # XInclude is never processed: read, without the canary.
    xinclude = (XML_DECL + f'<worksheet xmlns="{MAIN_NS}" xmlns:xi="http://www.w3.org/2001/XInclude"><sheetData>'
                '<row r="1"><c r="A1" t="inlineStr"><is><t>head'
                f'<xi:include href="file://{CANARY}" parse="text"/></t></is></c></row>'
                '<row r="2"><c r="A2" t="inlineStr"><is><t>'
                f'<xi:include href="{CANARY}" parse="text"/></t></is></c><c r="B2"><v>1</v></c></row>'
                "</sheetData></worksheet>")
    write_zip("xinclude.xlsx", replace(xlsx_parts(), "xl/worksheets/sheet1.xml", xinclude))

    doctype = '<?xml version="1.0"?>\n<!DOCTYPE worksheet>\n' + sheet(GOOD_ROWS)
    write_zip("doctype.xlsx", replace(xlsx_parts(), "xl/worksheets/sheet1.xml", doctype))

    # A small member whose local header and central directory both claim
    # 4,294,967,040 bytes once decompressed.
    write_zip("size-claim.xlsx", xlsx_parts())
    data = bytearray(open(out("size-claim.xlsx"), "rb").read())
    name = b"xl/worksheets/sheet1.xml"
    claim = struct.pack("<I", 0xFFFFFF00)
    patched_headers = 0
    pos = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", data, pos + 26)[0]
        if data[pos + 30:pos + 30 + n] == name:
            data[pos + 22:pos + 26] = claim
            patched_headers += 1
        pos += 4
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + n] == name:
            data[pos + 24:pos + 28] = claim
            patched_headers += 1
        pos += 4
    assert patched_headers == 2, patched_headers
    write("size-claim.xlsx", bytes(data))

    # A member named to climb out of any folder it were extracted to;
    # nothing refers to it and nothing is ever extracted.
    write_zip("traversal-member.xlsx", xlsx_parts() + [("../../evil.xml", "<evil/>")])
    # Relationships that point outside the package.
    write_zip("traversal-rels.xlsx", xlsx_parts(rels_target="../../etc/passwd"))
    write_zip("traversal-rels-member.xlsx",
              xlsx_parts(rels_target="../../evil.xml") + [("../../evil.xml", sheet(GOOD_ROWS))])
    write_zip("traversal-absolute.xlsx", xlsx_parts(rels_target="file:///etc/passwd"))

    write("not-a-zip.xlsx", b"name,value\napple,3\n")
    write("damaged-zip.xlsx", b"PK\x03\x04" + b"x" * 596)


# Text tables ---------------------------------------------------------------

def text_tables():
    rng = random.Random(7)
    garbage = bytearray(rng.randrange(256) for _ in range(4096))
    garbage[100] = 0
    write("binary-garbage.csv", bytes(garbage))
    # Garbage without a NUL byte is text in some encoding: read, bounded.
    write("garbage-no-nul.csv", bytes(rng.randrange(1, 256) for _ in range(4096)))
    write("nul-bytes.csv", b"name,value\napple,3\npear,\x00\n")
    write("invalid-utf8.csv", b"name,value\nappl\xff\xfe,3\n\xc3\x28pear,\xed\xa0\x80\n\xf4\x90\x80\x80,5\n")


documents()
spreadsheets()
text_tables()
