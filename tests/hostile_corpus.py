#!/usr/bin/env python3
"""hostile_corpus.py DIR — writes the hostile-input corpus (issue 8) into DIR (created).

Nothing of it is committed: every file is generated here, so the corpus is the same on every
machine. Each case is a file (or a file-system object) that a real repository can contain and
that has broken, or could break, a code-analysis tool. What pycpg must do with each is
decided by the test (tests/cli/test_hostile.py) from oracles — python3's own decoding and
compile(), tree-sitter's walk — not listed here, except for the file-system cases, whose
scan outcome is named in FS_CASES.

The 100,000-deep nesting cases live in tests/cli/test_cpython_bad_input.sh (they cost the
most time and are checked there against the same rule: error rows or complete rows).
"""
import os
import sys

# Regular files: name → bytes. Valid, invalid and awkward Python alike.
def content_cases():
    c = {}
    # size and shape
    c["big_50mb.py"] = b"x = 1  # padding padding padding padding padding padding\n" * 900_000
    c["line_1mb.py"] = b"x = [" + b"1, " * 350_000 + b"]\n"
    c["empty.py"] = b""
    c["only_bom.py"] = b"\xef\xbb\xbf"
    # bytes and encodings
    c["bad_utf8_string.py"] = b's = "caf\xc3"\n'
    c["bad_utf8_comment.py"] = b"x = 1  # \xff\xfe bad\ny = 2\n"
    c["bad_utf8_identifier.py"] = b"caf\xe9 = 1\n"
    c["nul_byte.py"] = b"a = 1\nb = '\x00'\nc = 3\n"
    c["wrong_cookie.py"] = "# -*- coding: ascii -*-\ns = 'café'\n".encode("utf-8")
    c["unknown_cookie.py"] = b"# coding: no-such-codec\nx = 1\n"
    c["latin1_cookie.py"] = b"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n"
    c["utf16_bom.py"] = "x = 1\ny = 'é'\n".encode("utf-16")  # BOM FF FE, then UTF-16-LE
    c["utf8_bom_cookie_clash.py"] = b"\xef\xbb\xbf# coding: latin-1\nx = 1\n"
    # line endings and whitespace
    c["cr_only.py"] = b"def f():\r    return 1\rx = f()\r"
    c["crlf.py"] = b"def f():\r\n    return 1\r\n"
    c["form_feed.py"] = b"\x0cdef f():\n\x0c    return 1\n\x0c\nx = f()\n"
    c["mixed_tabs.py"] = b"if True:\n\tx = 1\n        y = 2\n"
    c["tab_consistent.py"] = b"if True:\n\tx = 1\n\ty = 2\n"
    # truncated at end of file
    c["unterminated_string.py"] = b'x = "abc'
    c["unterminated_triple.py"] = b'x = """abc\ndef\n'
    c["unterminated_bracket.py"] = b"x = (1,\n     2,\n"
    c["unterminated_fstring.py"] = b'x = f"{1 + "\n'
    c["dangling_backslash.py"] = b"x = 1 + \\"
    # other Python versions
    c["python2.py"] = b"print 'hello'\nexec 'x = 1'\nraise E, 'v'\n"
    c["newer_type_alias.py"] = b"type Point = tuple[float, float]\n"
    c["newer_generics.py"] = b"def first[T](xs: list[T]) -> T:\n    return xs[0]\n"
    c["newer_fstring_nesting.py"] = b'x = f"{"a" + f"{"b"}"}"\n'
    # identifiers of every kind of Unicode letter (PEP 3131): Lu Ll Lt Lm Lo Nl, Mn Mc Nd Pc
    # after the first, Other_ID_Start, and NFKC forms that are one name to Python
    c["unicode_identifiers.py"] = "\n".join([
        "Ωmega = 1", "ñandú = 2", "ǅx = 3", "ʰmod = 4", "名前 = 5", "ⅧⅨ = 6",
        "áccent = 7", "x\u0301 = 8", "क्ष = 9", "x٣ = 10", "a‿b = 11", "℘ = 12", "℮x = 13",
        "ﬁle = 14", "file_ = file", "𝔘𝔫𝔦 = 15", "emoji_𝟘 = 16",
        "class Ünïcode:\n    def método(self, ß=1):\n        return ß",
        "",
    ]).encode("utf-8")
    c["astral_strings.py"] = "s = '😀🎉' + \"\U0010ffff\"\n# 𝄞 clef\nt = s\n".encode("utf-8")
    c["surrogate_escape_text.py"] = b"s = '\\udcff'\n"
    return c


# File-system objects: name → what the scan reports for it (file_errors_v1.error_code), or
# None when it is a regular file that must be read.
FS_CASES = {
    "dangling.py": "symlink_skipped",
    "cycle_a.py": "symlink_skipped",
    "cycle_b.py": "symlink_skipped",
    "fifo.py": "not_regular_file",
    "dir_named.py/inner.py": None,
    "with space.py": None,
    "new\nline.py": None,
    "tab\tname.py": None,
}
BAD_NAME = b"bad_name_\xff\xfe.py"  # not UTF-8: read; its path is reported with U+FFFD


def make(root):
    os.makedirs(root, exist_ok=True)
    for name, data in content_cases().items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
    os.symlink("no_such_target.py", os.path.join(root, "dangling.py"))
    os.symlink("cycle_b.py", os.path.join(root, "cycle_a.py"))
    os.symlink("cycle_a.py", os.path.join(root, "cycle_b.py"))
    os.mkfifo(os.path.join(root, "fifo.py"))
    os.makedirs(os.path.join(root, "dir_named.py"))
    for name in ("dir_named.py/inner.py", "with space.py", "new\nline.py", "tab\tname.py"):
        with open(os.path.join(root, name), "wb") as f:
            f.write(b"def f(x):\n    return x * 2\n")
    with open(os.path.join(os.fsencode(root), BAD_NAME), "wb") as f:
        f.write(b"y = 2\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: hostile_corpus.py DIR")
    make(sys.argv[1])
