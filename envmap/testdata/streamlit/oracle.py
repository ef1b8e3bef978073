"""What Streamlit makes of secrets.toml documents, for streamlit_test.go.

Reads a JSON list of {"doc": base64 bytes, "go": withsecrets' SECRETS_JSON
or null} on stdin and writes one JSON list of results on stdout. For each
document it parses the text as Streamlit does (open(path,
encoding="utf-8").read(), then toml.loads: the `toml` 0.10.2 library) and as
the specification does (tomllib, TOML 1.0), and gives for each: the error
or the tree as JSON, normalised as DESIGN.md section 2 fixes it, and the
variables Streamlit sets: os.environ[k] = str(v) for each root value whose
type is exactly str, int or float. It also says whether the two trees are
the same values (types, key order and -0.0 included), and gives
withsecrets' JSON re-encoded the same way, so that Go compares texts.
"""
import base64, datetime, io, json, math, sys

import toml
import tomllib


def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        s = v.isoformat()
        if isinstance(v, (datetime.datetime, datetime.time)) and v.microsecond:
            head, _, frac = s.partition(".")
            s = head + "." + frac[:6].rstrip("0") + frac[6:]
        if s.endswith("+00:00"):
            s = s[:-6] + "Z"
        return s
    return v


def same(a, b):
    """Equal as values: the same types, key order, and float bits."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, (datetime.datetime, datetime.time)):
        return a.isoformat() == b.isoformat()
    return a == b


def dump(v):
    return json.dumps(v, ensure_ascii=False, allow_nan=False)


def run(parse, text):
    try:
        tree = parse(text)
    except Exception as e:  # toml raises more than TomlDecodeError
        return None, {"err": type(e).__name__ + ": " + str(e)[:200]}
    env = [[k, str(v)] for k, v in tree.items() if type(v) in (str, int, float)]
    return tree, {"tree": dump(norm(tree)), "env": env}


def main():
    out = []
    for case in json.load(sys.stdin):
        raw = base64.b64decode(case["doc"])
        try:
            # Streamlit: open(path, encoding="utf-8").read(), text mode.
            text = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()
        except UnicodeDecodeError as e:
            out.append({"toml": {"err": str(e)}, "spec": {"err": str(e)}})
            continue
        st, r_toml = run(toml.loads, text)
        sp, r_spec = run(tomllib.loads, text)
        r = {"toml": r_toml, "spec": r_spec, "same": st is not None and sp is not None and same(st, sp)}
        if case.get("go") is not None:
            r["go"] = dump(json.loads(case["go"]))
        out.append(r)
    json.dump(out, sys.stdout)


main()
