#!/usr/bin/env python3
"""Rebuilds data/oui.tsv and data/services from Debian's ieee-data and netbase packages.

    apt-get install ieee-data netbase && python3 data/refresh.py

oui.tsv keeps, of the IEEE registries (MA-L, MA-M, MA-S and the older IAB), the registry, the
assignment in hex and the organisation name: the addresses are dropped to keep the table small.
services is /etc/services verbatim.
"""
import csv
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = "/usr/share/ieee-data"

rows = []
for name in ["oui.csv", "mam.csv", "oui36.csv", "iab.csv"]:
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            org = " ".join(rec["Organization Name"].split())
            assignment = rec["Assignment"].strip().upper()
            if not org or not assignment:
                continue
            rows.append((assignment, rec["Registry"].strip(), org.replace("\t", " ")))
# The IEEE has assigned a few MA-L blocks more than once (0001C8, 080030): keep one row per
# assignment, naming every holder.
merged = {}
for assignment, registry, org in sorted(rows):
    key = (assignment, registry)
    if key in merged and org not in merged[key].split(" / "):
        merged[key] += " / " + org
    else:
        merged.setdefault(key, org)
rows = [(a, r, o) for (a, r), o in sorted(merged.items())]
with open(os.path.join(HERE, "oui.tsv"), "w", encoding="utf-8") as f:
    f.write("# registry\tassignment\torganization (from Debian ieee-data; see data/README.md)\n")
    for assignment, registry, org in rows:
        f.write(f"{registry}\t{assignment}\t{org}\n")
shutil.copyfile("/etc/services", os.path.join(HERE, "services"))
print(f"{len(rows)} assignments")
