"""scipwire.py — index.scip bytes written by hand (protobuf wire format): the helpers and the
hand-made two-message index that tests/cli/test_scip.py ingests and tests/fuzz/make_seeds.py
uses as fuzzing seeds. Field numbers are those of src/lens/scip.proto (SCIP's scip.proto).
"""


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(num, payload):
    if isinstance(payload, int):
        return varint(num << 3) + varint(payload)
    if isinstance(payload, str):
        payload = payload.encode()
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def packed(num, ints):
    return field(num, b"".join(varint(i) for i in ints))


def occurrence(rng, symbol, roles=0, kind=0, diags=(), enclosing=None):
    b = packed(1, rng) + field(2, symbol)
    if roles:
        b += field(3, roles)
    if kind:
        b += field(5, kind)
    for d in diags:
        b += field(6, d)
    if enclosing:
        b += packed(7, enclosing)
    return b


def document(path, occs, symbols=(), encoding=0, language=""):
    b = field(1, path)
    for o in occs:
        b += field(2, o)
    for s in symbols:
        b += field(3, s)
    if language:
        b += field(4, language)
    if encoding:
        b += field(6, encoding)
    return b


def hand_index():
    diag = field(1, 2) + field(2, "W1") + field(3, "m1") + field(4, "hand") + packed(5, [1, 2])
    rel = field(1, "handmade base") + field(2, 1) + field(5, 1)
    sig = field(5, "def greet()") + field(4, "python")
    sym = (field(1, "handmade greet") + field(3, "doc") + field(4, rel) + field(5, 17) +
           field(6, "greet") + field(7, sig))
    meta1 = field(2, field(1, "handmade") + field(2, "1") + field(3, "a")) + field(3, "file:///x") \
        + field(4, 1)
    doc1 = document("pkg/core.py", [
        occurrence([16, 25, 30], "handmade greet", 8 | 16, 15, [diag]),   # UTF-32, 3 ints
        occurrence([0, 0, 0, 3], "handmade doc", 1 | 64, enclosing=[0, 0, 1, 0]),
        occurrence([99, 0, 1], "handmade far"),                            # line_out_of_range
        occurrence([1, 2], "handmade short"),                              # invalid_range_len
    ], [sym], encoding=3, language="python")
    index1 = field(1, meta1) + field(2, doc1)
    meta2 = field(2, field(2, "2") + field(3, "b"))
    doc2 = document("pkg/crlf.py", [occurrence([4, 11, 16], "handmade greet", 8)])
    doc3 = document("pkg/core.py", [occurrence([16, 12, 13], "handmade split"),  # splits 😀
                                    occurrence([16, 27, 32], "handmade greet", 8)])
    doc4 = document("../escape.py", [occurrence([0, 0, 1], "handmade escape")])
    doc5 = document("nope.py", [occurrence([0, 0, 1], "handmade nope")])
    ext = field(3, field(1, "ext one") + field(6, "one") + field(5, 29)) + field(3, field(1, "ext two"))
    index2 = (field(1, meta2) + field(2, doc2) + field(2, doc3) + field(2, doc4) + field(2, doc5)
              + ext + field(15, 7))  # field 15: unknown to pycpg, skipped
    return index1, index2
