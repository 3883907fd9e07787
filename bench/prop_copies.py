#!/usr/bin/env python3
"""prop_copies.py < `pycpg rules --script` — for bench/graph_layout.sh: the props of the link's
emitters that a reference could give back instead of a stored row, as a SQL VALUES list of
(entity_kind, node or edge kind, prop_key), read off the link's own SQL (the emitters' group
tables lk_gn*/lk_ge* and the props SELECTs over them): a prop whose value is a constant (a view
over the graph's own row gives it), or a bare column of the evidence dataset the emitter reads
(a view over that dataset gives it). The count of triples goes to stderr."""
import re
import sys


def split_top(s):
    """The items of a select list: commas outside parentheses and quotes."""
    out, depth, quote, cur = [], 0, None, []
    for ch in s:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur).strip())
    return out


def groups_of(text):
    """Group table -> (kind, the relation it reads, {pN: expression})."""
    groups = {}
    for m in re.finditer(r"CREATE OR REPLACE TEMP TABLE (lk_g[ne]\d+) AS\n(.*?);\n", text, re.S):
        name, body = m.group(1), m.group(2)
        src = re.search(r"FROM ([a-z_0-9]+) AS __src", body)
        if not src:
            continue
        head = body[: src.start()]
        kind, props = None, {}
        for item in split_top(head[head.rindex("SELECT ") + 7 :]):
            am = re.match(r"(.*) AS (\w+)$", item, re.S)
            if not am:
                continue
            expr, alias = am.group(1).strip(), am.group(2)
            if alias in ("node_kind", "edge_kind"):
                kind = expr.strip("'")
            elif re.match(r"p\d+$", alias):
                props[alias] = expr
        groups[name] = (kind, src.group(1), props)
    return groups


def main():
    text = sys.stdin.read()
    groups = groups_of(text)
    ident = re.compile(r"[a-z_][a-z0-9_]*$")
    literal = re.compile(r"('[^']*'|true|false|-?\d+(\.\d+)?)$")
    rows = set()
    parts = re.split(r"WITH __e AS \(SELECT \* FROM (lk_g[ne]\d+) \) ", text)
    for g, body in zip(parts[1::2], parts[2::2]):
        if g not in groups:
            continue
        kind, rel, props = groups[g]
        dataset = rel.endswith("_v1") and not rel.startswith("lk_")
        for sel in re.finditer(r"SELECT '(node|edge)' AS entity_kind, \w+ AS entity_id, "
                               r"'([^']+)' AS prop_key, (.*?) FROM __e", body, re.S):
            p = re.search(r"CAST\((p\d+) AS", sel.group(3))
            expr = props.get(p.group(1), "") if p else ""
            if literal.match(expr) or (dataset and ident.match(expr)):
                rows.add((sel.group(1), kind, sel.group(2)))
    if not rows:
        sys.exit("prop_copies: no prop found in the link's SQL (its shape changed?)")
    print(", ".join("('%s', '%s', '%s')" % r for r in sorted(rows)))
    print(len(rows), file=sys.stderr)


if __name__ == "__main__":
    main()
