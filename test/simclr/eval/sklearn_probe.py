"""The reference for linearProbe: scikit-learn's StandardScaler + LogisticRegression(solver='lbfgs')
on the same features, the same held-out split and the same L2 grid (C = 1 / (n * weightDecay)).

Usage: python sklearn_probe.py DIR   (DIR holds inputs.json and the .bin arrays written by sklearnProbe.ts)
Prints one JSON object: the validation accuracy of each weightDecay, the chosen one, the test
accuracy of the refit with it, and the test accuracy of a full-train fit at each weightDecay.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

d = sys.argv[1]
meta = json.load(open(f"{d}/inputs.json"))
n, dim, n_test = meta["n"], meta["dim"], meta["nTest"]
train_x = np.fromfile(f"{d}/train_x.bin", dtype=np.float32).reshape(n, dim).astype(np.float64)
train_y = np.fromfile(f"{d}/train_y.bin", dtype=np.int32)
test_x = np.fromfile(f"{d}/test_x.bin", dtype=np.float32).reshape(n_test, dim).astype(np.float64)
test_y = np.fromfile(f"{d}/test_y.bin", dtype=np.int32)
held = np.fromfile(f"{d}/held.bin", dtype=np.int32)
fit_rows = np.setdiff1d(np.arange(n), held)

# Standardised with the whole train set's statistics, as linearProbe does.
scaler = StandardScaler().fit(train_x)
train_x, test_x = scaler.transform(train_x), scaler.transform(test_x)


def fit(x, y, weight_decay):
    model = LogisticRegression(C=1.0 / (len(y) * weight_decay), solver="lbfgs", max_iter=3000, tol=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(x, y)


# The same search as linearProbe: strongest penalty first, stopping after two in a row did worse.
search = []
best, chosen, worse = -1.0, None, 0
for wd in sorted(meta["weightDecays"], reverse=True):
    if worse >= 2:
        break
    acc = float((fit(train_x[fit_rows], train_y[fit_rows], wd).predict(train_x[held]) == train_y[held]).mean())
    search.append({"weightDecay": wd, "validationAccuracy": acc})
    if acc > best:
        best, chosen, worse = acc, wd, 0
    elif acc < best:
        worse += 1
fixed = []
for wd in [s["weightDecay"] for s in search]:
    model = fit(train_x, train_y, wd)
    fixed.append({"weightDecay": wd, "testAccuracy": float((model.predict(test_x) == test_y).mean())})
print(json.dumps({
    "sklearn": sklearn.__version__,
    "search": search,
    "weightDecay": chosen,
    "testAccuracy": next(f["testAccuracy"] for f in fixed if f["weightDecay"] == chosen),
    "fixedTestAccuracy": fixed,
}))
