#!/usr/bin/env python3
"""Independent oracle for the expected numbers of the DECP tests.

Written from domain.md (sections 2.7-2.9) without looking at the C code's
output: it recomputes, for the real sample files, the records, the
quarantine (no id, no buyer), the dedup on the record key (uid,
dateNotification, sorted initial titulaires, initial montant) with the
replacement rule (more modifications, then later datePublicationDonnees,
then later file), the social considerations of the 2024 marches after
dedup, and a few defect counts on the kept versions.  Not run by make
check; the tests hard-code its results (see tests/unit/test_decp_files.c).

Usage (from the repository root):
  python3 tests/data/decp/oracle.py each  data/decp/format-2019/*.json data/decp/format-2024/*.json
  python3 tests/data/decp/oracle.py all   $(find data/decp -name '*.json' | LC_ALL=C sort)
  python3 tests/data/decp/oracle.py extra data/decp/format-2019/*.json data/decp/format-2024/*.json
"""
import json, re, sys, os, collections, datetime

def clean_id(v):
    if v is None: return ''
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(int(v)) if float(v).is_integer() else str(v)
    s = str(v).strip()
    s2 = re.sub(r'(?<=\d)[\s.\-\u00a0\u202f]+(?=\d)', '', s)
    s2 = s2.strip()
    if len(s2) == 13 and s2.isdigit(): s2 = '0' + s2
    return s2

TYPE_ALIAS = {'siret': 'SIRET', 'tva_intracommunautaire': 'TVA', 'tva intracommunautaire': 'TVA',
              'hors_ue': 'HORS-UE', 'hors-ue': 'HORS-UE', 'frw': 'FRWF'}
def clean_type(t, ident):
    t = (t or '').strip()
    if not t:
        return 'SIRET' if len(ident) == 14 and ident.isdigit() else ''
    u = TYPE_ALIAS.get(t.lower(), t.upper())
    return u

def norm_date(v):
    if v is None: return ''
    s = str(v).strip()
    m = re.match(r'^(\d{4})-(\d{1,2})-(\d{1,2})', s)
    if not m: return ''
    y, mo, d = map(int, m.groups())
    try:
        dt = datetime.date(y, mo, d)
    except ValueError:
        return ''
    if y < 2000 or dt > datetime.date.today(): return ''
    return dt.isoformat()

def num(v):
    if v is None or isinstance(v, bool): return None
    if isinstance(v, (int, float)): return float(v)
    s = str(v).strip().replace('\u00a0', '').replace(' ', '')
    if ',' in s and '.' not in s: s = s.replace(',', '.')
    try:
        x = float(s)
    except ValueError:
        return None
    return None if x != x else x

def items(v, wrapper):
    out = []
    if v is None: return out
    if isinstance(v, dict):
        if wrapper in v:
            w = v[wrapper]
            return items(w if isinstance(w, list) else [w], wrapper)
        return [v] if v else []
    if isinstance(v, list):
        for e in v:
            if isinstance(e, list): out += items(e, wrapper)
            elif isinstance(e, dict):
                if wrapper in e and isinstance(e[wrapper], (dict, list)):
                    out += items(e[wrapper] if isinstance(e[wrapper], list) else [e[wrapper]], wrapper)
                elif wrapper in e:
                    pass  # stub
                elif e:
                    out.append(e)
    return out

def records(path):
    d = json.load(open(path, encoding='utf-8'))
    m = d['marches']
    if isinstance(m, list):
        for r in m: yield None, '2019', r
    else:
        for r in m.get('marche', []) or []: yield 'MARCHE', '2024', r
        for r in m.get('contrat-concession', []) or []: yield 'CONCESSION', '2024', r

def kind_of(hint, r):
    if hint: return hint
    t = r.get('_type')
    if t == 'Contrat de concession': return 'CONCESSION'
    if t == 'Marché': return 'MARCHE'
    if 'autoriteConcedante' in r: return 'CONCESSION'
    return 'MARCHE'

SOC = {'Clause sociale': 'SOC_CLAUSE', 'Critère social': 'SOC_CRITERE', 'Marché réservé': 'SOC_RESERVE',
       'Concession réservée': 'SOC_RESERVE', 'Pas de considération sociale': 'SOC_NONE'}
ORDER = ['SOC_CLAUSE', 'SOC_CRITERE', 'SOC_RESERVE', 'SOC_NONE']

def analyse(r, hint, fmt):
    if not isinstance(r, dict): return ('Q', 'Q_NOT_OBJECT')
    kind = kind_of(hint, r)
    rid = r.get('id')
    rid = '' if rid is None else str(rid).strip()
    if not rid: return ('Q', 'Q_NO_ID')
    b = r.get('autoriteConcedante' if kind == 'CONCESSION' else 'acheteur') or {}
    bid = clean_id(b.get('id') if isinstance(b, dict) else None) or clean_id(r.get('acheteur.id'))
    if not bid: return ('Q', 'Q_NO_BUYER')
    uid = bid + rid
    date = norm_date(r.get('dateSignature' if kind == 'CONCESSION' else 'dateNotification'))
    tits = items(r.get('concessionnaires' if kind == 'CONCESSION' else 'titulaires'),
                 'concessionnaire' if kind == 'CONCESSION' else 'titulaire')
    ts = sorted({(clean_type(t.get('typeIdentifiant'), clean_id(t.get('id'))), clean_id(t.get('id'))) for t in tits})
    mt = num(r.get('valeurGlobale' if kind == 'CONCESSION' else 'montant'))
    cents = None if mt is None else round(mt * 100)
    mods = items(r.get('modifications'), 'modification')
    soc = None
    if fmt == '2024':
        vals = items(r.get('considerationsSociales'), 'considerationSociale')
        cs = r.get('considerationsSociales') or {}
        raw = cs.get('considerationSociale', []) if isinstance(cs, dict) else cs
        if isinstance(raw, str): raw = [raw]
        codes = {SOC.get(v.strip()) for v in raw if isinstance(v, str) and v.strip()}
        codes.discard(None)
        if len(codes) > 1: codes.discard('SOC_NONE')
        soc = '|'.join(c for c in ORDER if c in codes) or 'NOT_FILLED'
    return ('R', dict(kind=kind, uid=uid, key=(uid, date, tuple(ts), cents), nmods=len(mods),
                      pub=norm_date(r.get('datePublicationDonnees')), soc=soc, fmt=fmt))

def run(paths, verbose=True):
    seen = {}   # key -> dict(rec, file)
    uids = collections.defaultdict(set)
    totals = collections.Counter()
    for fi, p in enumerate(paths):
        c = collections.Counter()
        for idx, (hint, fmt, r) in enumerate(records(p)):
            c['records'] += 1
            t, v = analyse(r, hint, fmt)
            if t == 'Q':
                c['quarantined'] += 1; c[v] += 1; continue
            c[v['kind']] += 1
            old = seen.get(v['key'])
            if old is None:
                seen[v['key']] = dict(v, file=fi); c['loaded'] += 1
                uids[v['uid']].add(v['key'])
                continue
            better = (v['nmods'] > old['nmods'] or
                      (v['nmods'] == old['nmods'] and v['pub'] > old['pub']) or
                      (v['nmods'] == old['nmods'] and v['pub'] == old['pub'] and fi > old['file']))
            if better:
                seen[v['key']] = dict(v, file=fi); c['loaded'] += 1; c['replaced'] += 1
            else:
                c['duplicates'] += 1
        assert c['records'] == c['loaded'] + c['duplicates'] + c['quarantined']
        if verbose:
            print(os.path.basename(p), {k: c[k] for k in sorted(c)})
        totals.update(c)
    shared = sum(len(k) for u, k in uids.items() if len(k) > 1)
    print('TOTAL', dict(sorted(totals.items())), 'contracts', len(seen), 'id_shared_lots contracts', shared)
    soc = collections.Counter(v['soc'] for v in seen.values() if v['fmt'] == '2024' and v['kind'] == 'MARCHE')
    if soc: print('social (2024 marchés after dedup):', dict(soc))
    return seen


# ---- extra statistics on the kept versions (for defect tests) ----
def luhn_ok(s):
    if not s.isdigit(): return False
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9: d -= 9
        t += d
    return t % 10 == 0

def siret_ok(s):
    if len(s) != 14 or not s.isdigit() or s == '0' * 14: return False
    if s.startswith('356000000'): return sum(map(int, s)) % 5 == 0
    return luhn_ok(s[:9]) and luhn_ok(s)

def add_months(d, k):
    y, m = d.year, d.month + k
    if m > 12: y += 1; m -= 12
    import calendar
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))

def extra(path):
    seen = {}
    kept_raw = {}
    for fi, (hint, fmt, r) in enumerate(records(path)):
        t, v = analyse(r, hint, fmt)
        if t == 'Q': continue
        old = seen.get(v['key'])
        if old is None or v['nmods'] > old['nmods'] or (v['nmods'] == old['nmods'] and v['pub'] > old['pub']):
            seen[v['key']] = v; kept_raw[v['key']] = (r, v)
    c = collections.Counter()
    for key, (r, v) in kept_raw.items():
        kind = v['kind']
        tits = items(r.get('concessionnaires' if kind == 'CONCESSION' else 'titulaires'),
                     'concessionnaire' if kind == 'CONCESSION' else 'titulaire')
        for t in tits:
            ident = clean_id(t.get('id')); ty = clean_type(t.get('typeIdentifiant'), ident)
            if ty == 'SIRET':
                c['tit_siret'] += 1
                if not siret_ok(ident): c['tit_siret_invalid'] += 1
        n = norm_date(r.get('dateSignature' if kind == 'CONCESSION' else 'dateNotification'))
        p = norm_date(r.get('datePublicationDonnees'))
        if n and p:
            dn = datetime.date.fromisoformat(n); dp = datetime.date.fromisoformat(p)
            if dp < dn: c['pub_before_notif'] += 1
            elif dp > add_months(dn, 2): c['late_publication'] += 1
        mt = num(r.get('valeurGlobale' if kind == 'CONCESSION' else 'montant'))
        hi = 99999999999 if kind == 'CONCESSION' else 999999999
        if mt is not None and (mt < 200 or mt > hi): c['amount_aberrant'] += 1
    print(os.path.basename(path), dict(sorted(c.items())))

if __name__ == '__main__':
    mode, paths = sys.argv[1], sys.argv[2:]
    if mode == 'each':
        for p in paths: run([p])
    elif mode == 'extra':
        for p in paths: extra(p)
    else:
        run(paths)
