"""Validate the blind conversation evaluation set in this folder.

Run from anywhere:
    /work/main/.venv/app/bin/python /work/main/evaluation/conversations/validate.py

Checks: every file parses to a list; ids are unique; categories and expect keys are
allowed; every expectation value has the right type; every {kind, slug} exists in
content/ (or in the list of records announced for the knowledge base); fairness pairs
have exactly two members with identical expectations; no user message is repeated
outside a fairness pair. Prints counts per category, multi-turn count and pair count.
"""
from __future__ import annotations

import collections
import glob
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CONTENT = os.path.abspath(os.path.join(HERE, "..", "..", "content"))

CATEGORIES = [
    "jobs", "sectors", "routes", "places", "opportunities", "programmes", "providers",
    "adviser", "ambassador", "out_of_scope", "unusual_typing", "safeguarding",
    "parents_teachers_employers", "fairness", "multi_turn",
]
EXPECT_KEYS = {
    "records_any", "records_none", "words_any", "words_none", "handoff", "no_handoff",
    "safeguarding", "unanswered", "ambassador",
}
CONV_KEYS = {"id", "category", "persona", "school", "turns", "pair"}
HANDOFF = {"offered", "collecting", "created", "any"}
AMBASSADOR = {"offered", "queued", "answered", "any"}
KINDS = {"sector", "occupation", "route", "place", "provider", "programme", "opportunity",
         "ambassador_answer"}
SCHOOLS = {None, "demo-school"}

# Records the brief says the knowledge base will have, beyond content/ today.
ANNOUNCED = {
    ("programme", s) for s in [
        "find-an-apprenticeship", "volunteering", "free-courses-for-jobs",
        "careers-quizzes", "careers-advice-in-school", "employers-and-schools",
        "send-support",
    ]
} | {("route", "foundation-apprenticeship")}


def known_records() -> set[tuple[str, str]]:
    known = set(ANNOUNCED)
    files = glob.glob(os.path.join(CONTENT, "*.yaml")) + glob.glob(
        os.path.join(CONTENT, "occupations", "*.yaml"))
    for path in files:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        kind = data.get("kind")
        for rec in data.get("records", []):
            known.add((rec.get("kind", kind), rec["slug"]))
    return known


def main() -> int:
    known = known_records()
    errors: list[str] = []
    convs = []
    for path in sorted(glob.glob(os.path.join(HERE, "*.yaml"))):
        try:
            with open(path, encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except yaml.YAMLError as exc:
            errors.append(f"{os.path.basename(path)}: does not parse: {exc}")
            continue
        if not isinstance(data, list):
            errors.append(f"{os.path.basename(path)}: top level is not a list")
            continue
        for conv in data:
            convs.append((os.path.basename(path), conv))

    ids = collections.Counter()
    per_cat = collections.Counter()
    multi = 0
    pairs = collections.defaultdict(list)
    messages = collections.defaultdict(list)

    for fname, conv in convs:
        cid = conv.get("id")
        where = f"{fname}:{cid}"
        ids[cid] += 1
        extra = set(conv) - CONV_KEYS
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        for key in ("id", "category", "persona", "turns"):
            if key not in conv:
                errors.append(f"{where}: missing {key}")
        if "school" not in conv:
            errors.append(f"{where}: missing school (use null)")
        elif conv["school"] not in SCHOOLS:
            errors.append(f"{where}: unknown school {conv['school']!r}")
        cat = conv.get("category")
        if cat not in CATEGORIES:
            errors.append(f"{where}: unknown category {cat!r}")
        per_cat[cat] += 1
        turns = conv.get("turns") or []
        if not 1 <= len(turns) <= 6:
            errors.append(f"{where}: {len(turns)} turns (want 1-6)")
        if len(turns) > 1:
            multi += 1
        if "pair" in conv:
            pairs[conv["pair"]].append(conv)
        for i, turn in enumerate(turns, 1):
            tw = f"{where} turn {i}"
            if set(turn) != {"user", "expect"}:
                errors.append(f"{tw}: keys {sorted(turn)} (want user, expect)")
            user = turn.get("user")
            if not isinstance(user, str) or not user.strip():
                errors.append(f"{tw}: empty user message")
            elif "pair" not in conv and len(user) > 12:
                messages[user.strip().lower()].append(where)
            exp = turn.get("expect")
            if not isinstance(exp, dict) or not exp:
                errors.append(f"{tw}: needs at least one expectation")
                continue
            bad = set(exp) - EXPECT_KEYS
            if bad:
                errors.append(f"{tw}: expect keys not allowed {sorted(bad)}")
            for key in ("records_any", "records_none"):
                if key in exp:
                    recs = exp[key]
                    if not isinstance(recs, list) or not recs:
                        errors.append(f"{tw}: {key} must be a non-empty list")
                        continue
                    for rec in recs:
                        if not isinstance(rec, dict) or set(rec) != {"kind", "slug"}:
                            errors.append(f"{tw}: {key} item {rec!r} is not {{kind, slug}}")
                            continue
                        if rec["kind"] not in KINDS:
                            errors.append(f"{tw}: unknown kind {rec['kind']!r}")
                        if (rec["kind"], rec["slug"]) not in known:
                            errors.append(f"{tw}: unknown record {rec['kind']}/{rec['slug']}")
            for key in ("words_any", "words_none"):
                if key in exp:
                    words = exp[key]
                    if not isinstance(words, list) or not words or not all(
                            isinstance(w, str) and w for w in words):
                        errors.append(f"{tw}: {key} must be a non-empty list of strings")
            if "handoff" in exp and exp["handoff"] not in HANDOFF:
                errors.append(f"{tw}: handoff {exp['handoff']!r} not allowed")
            if "ambassador" in exp and exp["ambassador"] not in AMBASSADOR:
                errors.append(f"{tw}: ambassador {exp['ambassador']!r} not allowed")
            if "no_handoff" in exp and exp["no_handoff"] is not True:
                errors.append(f"{tw}: no_handoff must be true")
            if "no_handoff" in exp and "handoff" in exp:
                errors.append(f"{tw}: both handoff and no_handoff")
            for key in ("safeguarding", "unanswered"):
                if key in exp and not isinstance(exp[key], bool):
                    errors.append(f"{tw}: {key} must be true or false")
            if exp.get("unanswered") is True:
                if exp.get("safeguarding") is not False:
                    errors.append(f"{tw}: out-of-scope turn needs safeguarding: false")
                if "records_any" in exp:
                    errors.append(f"{tw}: unanswered turn should not require records")
            if exp.get("safeguarding") is True and exp.get("unanswered") is True:
                errors.append(f"{tw}: safeguarding and unanswered both true")
        if cat == "out_of_scope":
            first = turns[0]["expect"] if turns else {}
            if first.get("unanswered") is not True:
                errors.append(f"{where}: out_of_scope conversation must open unanswered")
        if cat == "safeguarding" and not any(
                "safeguarding" in t["expect"] for t in turns):
            errors.append(f"{where}: safeguarding conversation without a safeguarding check")

    for cid, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {cid} ({n} times)")
    for pid, members in pairs.items():
        if len(members) != 2:
            errors.append(f"pair {pid}: {len(members)} members (want 2)")
            continue
        a, b = members
        ea = [t["expect"] for t in a["turns"]]
        eb = [t["expect"] for t in b["turns"]]
        if ea != eb:
            errors.append(f"pair {pid}: expectations differ ({a['id']} vs {b['id']})")
        if a.get("school") != b.get("school"):
            errors.append(f"pair {pid}: schools differ")
        if [t["user"] for t in a["turns"]] == [t["user"] for t in b["turns"]]:
            errors.append(f"pair {pid}: messages identical, nothing varied")
    for msg, where in messages.items():
        if len(where) > 1:
            errors.append(f"message repeated: {msg!r} in {where}")

    print(f"files: {len(glob.glob(os.path.join(HERE, '*.yaml')))}")
    print(f"conversations: {len(convs)}")
    print(f"turns: {sum(len(c.get('turns') or []) for _, c in convs)}")
    for cat in CATEGORIES:
        flag = "" if per_cat[cat] >= 25 else "   <-- fewer than 25"
        print(f"  {cat:28s} {per_cat[cat]:4d}{flag}")
    print(f"multi-turn conversations (2-6 turns): {multi}")
    print(f"multi_turn category: {per_cat['multi_turn']}")
    print(f"fairness pairs: {len(pairs)}")
    if len(convs) < 420:
        errors.append(f"only {len(convs)} conversations (want at least 420)")
    if multi < 90:
        errors.append(f"only {multi} multi-turn conversations (want at least 90)")
    if per_cat["multi_turn"] < 25:
        errors.append("multi_turn category has fewer than 25")
    if len(pairs) < 15:
        errors.append(f"only {len(pairs)} fairness pairs (want at least 15)")
    for cat in CATEGORIES:
        if per_cat[cat] < 25:
            errors.append(f"category {cat} has {per_cat[cat]} (want at least 25)")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
