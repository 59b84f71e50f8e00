"""Turns captured lines into corpus lines, after a person has read every `raw`.

The calls, form and visible text are derived (tool_call_text.calls, then the shape around the
JSON values); the overrides file (scripts/e2e/labels/MODEL.json, keyed by case id) holds what
reading each raw text decided beyond that: notes, corrected `expected`, `lenient_expected` for
calls a lenient recogniser may repair, a different `form`. Prints one line per case to review.

    python3 label_captures.py captured.jsonl OUT.jsonl labels/MODEL.json
"""
import json, re, sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import tool_call_text as t

src, dst, overrides_path = sys.argv[1], sys.argv[2], sys.argv[3]
OVERRIDES = json.load(open(overrides_path)) if overrides_path != '-' else {}
recs = {}
for line in open(src):
    r = json.loads(line)
    recs[r['id']] = r

def values(text):
    dec, i, out = json.JSONDecoder(), 0, []
    while i < len(text):
        if text[i] in '{[':
            try:
                v, end = dec.raw_decode(text, i); out.append((i, end, v)); i = end; continue
            except ValueError:
                pass
        i += 1
    return out

out = open(dst, 'w')
for rid, r in recs.items():
    raw = r['raw']
    calls = t.calls(raw)
    leaks = t.leaks(raw)
    vals = values(raw)
    stripped = raw.strip()
    o = OVERRIDES.get(rid, {})
    if not calls and not leaks:
        form, visible = 'plain_answer', raw
    elif not calls:
        form, visible = 'truncated_json', ''
    elif not vals:
        form, visible = 'call_syntax', ''
    else:
        first, last = vals[0][0], vals[-1][1]
        before, after = raw[:first].strip(), raw[last:].strip()
        tail_broken = bool(re.search(r'[{\[]', after))
        if stripped.startswith('```'):
            form = 'fenced_json'; before = ''; after = after.strip('`').strip()
        elif len(calls) > 1:
            form = 'multiple_json'
        else:
            form = 'bare_json'
        if tail_broken:
            form += '_then_truncated'; after = ''
        if before:
            form = 'prose_then_' + form
        if after and not tail_broken:
            form = form + '_then_prose'
        visible = ' '.join(x for x in (before, after) if x)
    rec = {k: r[k] for k in ('id', 'source', 'category', 'messages', 'tools', 'raw')}
    if 'structured_tool_calls' in r:
        rec['structured_tool_calls'] = r['structured_tool_calls']
    rec['expected'] = o.get('expected', calls)
    rec['form'] = o.get('form', form)
    rec['visible_text'] = o.get('visible_text', visible)
    if 'note' in o:
        rec['note'] = o['note']
    if 'lenient_expected' in o:
        rec['lenient_expected'] = o['lenient_expected']
    for k in ('finish_reason', 'stop_type', 'usage', 'tokens_predicted', 'seconds'):
        if r.get(k) is not None:
            rec[k] = r[k]
    rec['labelled_by'] = 'hand'
    out.write(json.dumps(rec, ensure_ascii=False) + '\n')
    print(rid.split('/', 1)[1].ljust(36), rec['form'].ljust(28), len(rec['expected']), json.dumps(rec['visible_text'])[:60], '|', o.get('note', '')[:60])
