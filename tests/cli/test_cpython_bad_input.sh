# test_cpython_bad_input.sh — files that break CPython end as rows, never as a crash or a hang:
# 100,000 levels of nesting (parentheses, brackets, unary minus, lambdas, calls, attribute
# and operator chains), a 20 MB single-line file, a NUL byte, Python 2 code, too deep
# indentation. The build must succeed; every such file has either an AST error row or AST
# rows, either a bytecode error row or code units, and tree-sitter rows in any case.
. "$(dirname "$0")/lib.sh"

R=$T/repo
mkdir -p "$R"
python3 - "$R" <<'PY'
import sys, os
r, n = sys.argv[1], 100_000
def w(name, text):
    open(os.path.join(r, name), "w").write(text)
w("parens.py", "x = " + "(" * n + "1" + ")" * n + "\n")
w("brackets.py", "x = " + "[" * n + "]" * n + "\n")
w("unary.py", "x = " + "-" * n + "1\n")
w("lambdas.py", "f = " + "lambda: " * n + "1\n")
w("calls.py", "x = f" + "()" * n + "\n")
w("attrs.py", "x = a" + ".b" * n + "\n")
w("binops.py", "x = 1" + "+1" * n + "\n")
w("indent.py", "".join(" " * i + "if x:\n" for i in range(150)) + " " * 150 + "pass\n")
w("big_line.py", "x = '" + "a" * (20_000_000 - 7) + "'\n")
w("py2.py", 'print "hello"\nexec "x = 1"\n')
open(os.path.join(r, "nul.py"), "wb").write(b"x = 1\x00\ny = 2\n")
w("fine.py", "def ok():\n    return 1\n")
PY
nfiles=$(ls "$R" | grep -c .)

# no per-file time limit: the lenses themselves must finish on every file (a hang shows as
# this test's own timeout, not as a file_timeout row)
expect_fail "build of hostile files exits 0" 0 "" "$PYCPG" build -q "$R" -o "$T/out" --file-timeout 0
O=$T/out
expect_eq "every file has AST rows or an AST error row" "$nfiles" \
    "$(q "$O" "select count(distinct path) from (select path from py_ast_nodes_v1
               union all select path from py_ast_errors_v1)")"
expect_eq "every file has code units or a bytecode error row" "$nfiles" \
    "$(q "$O" "select count(distinct path) from (select path from py_bc_code_units_v1
               union all select path from py_bc_errors_v1)")"
expect_eq "no file has both AST rows and an AST error" "0" \
    "$(q "$O" "select count(*) from (select path from py_ast_nodes_v1
               intersect select path from py_ast_errors_v1)")"
expect_eq "tree-sitter still covers every file" "$nfiles" \
    "$(q "$O" "select count(distinct path) from ts_nodes_v1")"
expect_eq "the NUL byte is CPython's ValueError" \
    "ValueError,source code string cannot contain null bytes" \
    "$(q "$O" "select error_type, message from py_ast_errors_v1 where path = 'nul.py'")"
expect_eq "Python 2 code is a SyntaxError at line 1" "SyntaxError,1" \
    "$(q "$O" "select error_type, lineno from py_ast_errors_v1 where path = 'py2.py'")"
expect_eq "too deep indentation keeps its subclass name" "IndentationError" \
    "$(q "$O" "select error_type from py_ast_errors_v1 where path = 'indent.py'")"
expect_eq "the 20 MB line is one Constant of 20 MB" "1,19999993" \
    "$(q "$O" "select count(*), max(length(value_repr)) - 2 from py_ast_nodes_v1
               where path = 'big_line.py' and kind = 'Constant'")"
expect_eq "the attribute chain has all its nodes (iterative walk)" "200006" \
    "$(q "$O" "select count(*) from py_ast_nodes_v1 where path = 'attrs.py'")"
expect_eq "a symbol table that overflows is a file_errors_v1 row" "attrs.py|binops.py|calls.py" \
    "$(q "$O" "select string_agg(path, '|' order by path) from file_errors_v1
               where error_code = 'symtable_error'")"
expect_eq "the good file is complete" "1,1" \
    "$(q "$O" "select (select count(*) from py_bc_code_units_v1 where path = 'fine.py'
                       and co_name = 'ok'),
                      (select count(*) from py_sym_scopes_v1 where path = 'fine.py'
                       and scope_name = 'ok')")"
finish
