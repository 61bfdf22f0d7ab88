#!/usr/bin/env python3
"""Recount a generated DECP file independently of gen.c and compare with its manifest.

usage: bench/decp/verify.py FILE [FILE...]

Loads the whole file in memory (json or xml): use it on small files (a few
hundred MB at most).  Exit status 0 when every count matches the manifest.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

CANON = {
    "procedure": {
        "Procédure adaptée", "Appel d'offres ouvert", "Appel d'offres restreint",
        "Procédure avec négociation", "Dialogue compétitif",
        "Marché passé sans publicité ni mise en concurrence préalable",
        "Procédure négociée ouverte", "Procédure non négociée ouverte",
        "Procédure négociée restreinte", "Procédure non négociée restreinte",
    },
    "nature": {
        "Marché", "Marché de partenariat", "Accord-cadre", "Marché subséquent",
        "Marché de défense ou de sécurité", "Concession de travaux", "Concession de service",
        "Concession de service public", "Délégation de service public",
    },
    "typeCode": {
        "Code postal", "Code commune", "Code arrondissement", "Code canton",
        "Code département", "Code région", "Code pays",
    },
}
IDF = ("75", "77", "78", "91", "92", "93", "94", "95")


def luhn_ok(s):
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def xml_to_records(path):
    """2024 XML container -> the same dicts as the JSON container."""
    lists = {"titulaires": "titulaire", "concessionnaires": "concessionnaire",
             "modifications": "modification", "actesSousTraitance": "acteSousTraitance",
             "modificationsActesSousTraitance": "modificationActeSousTraitance"}
    enums = {"considerationsSociales", "considerationsEnvironnementales", "techniques",
             "modalitesExecution", "typesPrix"}

    def conv(el):
        if len(el) == 0:
            return el.text or ""
        if el.tag in lists:
            return [{c.tag: conv(c)} for c in el]
        if el.tag in enums:
            out = {}
            for c in el:
                out.setdefault(c.tag, []).append(c.text)
            return out
        return {c.tag: conv(c) for c in el}

    root = ET.parse(path).getroot()
    return [(el.tag, conv(el)) for el in root]


def load(path, container):
    if container == "xml":
        return [("concession" if k == "contrat-concession" else "marche", r)
                for k, r in xml_to_records(path)]
    if container == "ndjson":
        recs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        return [("concession" if "concessionnaires" in r else "marche", r) for r in recs]
    doc = json.load(open(path, encoding="utf-8"))
    m = doc["marches"]
    if isinstance(m, list):
        return [("concession" if "concessionnaires" in r else "marche", r) for r in m]
    return ([("marche", r) for r in m.get("marche", [])] +
            [("concession", r) for r in m.get("contrat-concession", [])])


def items(lst):
    for it in lst if isinstance(lst, list) else []:
        if isinstance(it, dict) and len(it) == 1 and next(iter(it)) in ("titulaire", "concessionnaire"):
            yield it[next(iter(it))], True
        else:
            yield it, False


def count(path, man):
    fmt, container = man["format"], man["container"]
    recs = load(path, container)
    c = {k: 0 for k in man["defects"]}
    c.update(records=len(recs), marches=0, concessions=0, missing_id=0, missing_buyer=0)
    seen, dups = set(), 0
    for kind, r in recs:
        c["marches" if kind == "marche" else "concessions"] += 1
        key = json.dumps(r, sort_keys=True, ensure_ascii=False)
        if key in seen:
            dups += 1
        seen.add(key)
        buyer = r.get("acheteur", r.get("autoriteConcedante"))
        if "id" not in r:
            c["missing_id"] += 1
        elif not isinstance(buyer, dict) or "id" not in buyer:
            c["missing_buyer"] += 1
        amount = r.get("montant", r.get("valeurGlobale"))
        amount_s = str(amount)
        if container == "xml":
            if "," in amount_s:
                c["decimal_comma"] += 1
            elif amount_s == "NaN":
                c["nan_literal"] += 1
            elif amount_s.lower() in ("1.0e17", "1e17"):
                c["amount_1e17"] += 1
            elif amount_s and float(amount_s) <= 1:
                c["amount_le_1_euro"] += 1
        elif isinstance(amount, str):
            c["decimal_comma" if "," in amount else "number_as_string"] += 1
        elif amount != amount:  # NaN
            c["nan_literal"] += 1
        elif amount is not None and amount >= 1e17:
            c["amount_1e17"] += 1
        elif amount is not None and amount <= 1:
            c["amount_le_1_euro"] += 1
        dn = r.get("dateNotification", r.get("dateSignature"))
        if dn is None:
            if "id" in r and isinstance(buyer, dict) and "id" in buyer:
                c["date_notification_missing"] += 1
        elif re.fullmatch(r"\d{4}-\d\d-\d\d[+-]\d\d:\d\d", dn):
            c["date_timezone"] += 1
        elif not re.fullmatch(r"\d{4}-\d\d-\d\d", dn):
            c["date_unpadded"] += 1
        elif not "2019" <= dn[:4] <= "2025":
            c["date_impossible_year"] += 1
        elif r.get("datePublicationDonnees", "9999") < dn:
            c["publication_before_notification"] += 1
        if isinstance(buyer, dict) and "id" in buyer and not luhn_ok(buyer["id"]):
            c["siret_luhn_buyer"] += 1
        tl = r.get("titulaires", r.get("concessionnaires"))
        wraps = set()
        for t, wrapped in items(tl):
            wraps.add(wrapped)
            if not isinstance(t, dict):
                continue
            tid = t.get("id")
            if isinstance(tid, int):
                c["siret_as_number"] += 1
            elif t.get("typeIdentifiant") in ("Siret", "siret", ""):
                c["type_identifiant_alias"] += 1
            elif t.get("typeIdentifiant") == "SIRET" and not luhn_ok(tid):
                c["siret_luhn_titulaire"] += 1
        expect_wrapped = fmt == "2024"
        if wraps and wraps != {expect_wrapped}:
            c["titulaire_wrap_mixed"] += 1
        if isinstance(r.get("modifications"), dict):
            c["modifications_object"] += 1
        if r.get("procedure") not in CANON["procedure"]:
            c["enum_procedure_alias"] += 1
        if r.get("nature") not in CANON["nature"]:
            c["enum_nature_case"] += 1
        le = r.get("lieuExecution")
        if isinstance(le, dict) and le.get("typeCode") not in CANON["typeCode"]:
            c["enum_typecode_case"] += 1
    c["duplicates"] = dups
    return c


def main():
    ok = True
    for path in sys.argv[1:]:
        man = json.load(open(path + ".manifest.json"))
        got = count(path, man)
        want = dict(man["defects"])
        want.update(records=man["records"], marches=man["marches"], concessions=man["concessions"],
                    duplicates=man["duplicates"], missing_id=man["quarantine"]["missing_id"],
                    missing_buyer=man["quarantine"]["missing_buyer"])
        # duplicates of quarantined records are never generated, so every
        # quarantined record in the file is a fresh one
        bad = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
        print(f"{path}: {got['records']} records, {len(want)} counts checked, "
              + ("all match" if not bad else f"MISMATCH (manifest, recount): {bad}"))
        ok = ok and not bad
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
