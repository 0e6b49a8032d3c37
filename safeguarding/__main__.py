"""``python -m safeguarding cross-validate``: the classifier's recall and false alarms at
a range of thresholds, from cross-validation on the training data alone."""

from __future__ import annotations

import sys

import numpy as np

from safeguarding.assess import CONCERN_AT
from safeguarding.classifier import cross_validate


def main(argv: list[str]) -> int:
    if argv[:1] != ["cross-validate"]:
        print(__doc__)
        return 2
    positive, negative = cross_validate()
    print(f"{len(positive)} disclosures, {len(negative)} near misses (held out in turn)")
    print("threshold  recall  near-miss alarms")
    for threshold in sorted({0.5, 0.6, 0.65, 0.7, CONCERN_AT, 0.8, 0.9, 0.95}):
        recall = float(np.mean(positive >= threshold))
        alarms = float(np.mean(negative >= threshold))
        mark = "  <- CONCERN_AT" if threshold == CONCERN_AT else ""
        print(f"{threshold:9.2f}  {recall:6.1%}  {alarms:6.1%}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
