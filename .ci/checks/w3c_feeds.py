"""The W3C Feed Validation Service's rules, run offline from its source.

usage: python w3c_feeds.py FEED... (its src/ on PYTHONPATH)

Validates each Atom or RSS file as the online service does (its
`compatibility.AA` filter), with the file's own self link as its base.
Prints, per kind of warning, how many files have it; exits 1 on any error
or on a kind of warning docs/feeds.md does not justify (ALLOWED below).
"""
import collections, re, sys

import feedvalidator
from feedvalidator import compatibility
from feedvalidator.logging import Error, Warning

# Each justified in docs/feeds.md, "W3C Feed Validation Service".
ALLOWED = {"DuplicateUpdated", "ArchiveIncomplete"}

errors, warnings = collections.Counter(), collections.Counter()
paths = [p for p in sys.argv[1:] if not p.endswith(".opml")]
for path in paths:
    data = open(path, "rb").read()
    base = re.search(rb'rel="self"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*rel="self"', data)
    base = (base.group(1) or base.group(2)).decode() if base else ""
    try:
        events = feedvalidator.validateString(data, firstOccurrenceOnly=1, base=base)["loggedEvents"]
    except feedvalidator.logging.ValidationFailure as failure:
        events = [failure.event]
    kinds = {type(e).__name__: e for e in compatibility.AA(events)}
    for name, event in kinds.items():
        if isinstance(event, Error):
            errors[name] += 1
            print(f"   error {name} in {path}: {event.params}")
        elif isinstance(event, Warning):
            warnings[name] += 1
print(f"   {len(paths)} feeds: {sum(errors.values())} errors; warnings: "
      + (", ".join(f"{k} ({n} files)" for k, n in sorted(warnings.items())) or "none"))
unjustified = set(warnings) - ALLOWED
if unjustified:
    print(f"   warnings not justified in docs/feeds.md: {sorted(unjustified)}")
sys.exit(1 if errors or unjustified else 0)
