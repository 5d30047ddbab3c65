#!/usr/bin/python3
"""Recalculates .xlsx workbooks in LibreOffice Calc (headless, Python-UNO) and prints what every
cell of every sheet shows, as JSON: the real-engine half of test/engine/*.test.ts and the bench.

Usage: recalc.py FILE.xlsx [FILE2.xlsx ...]   (one LibreOffice process serves all files)
Output: {"files": [{"file", "loadSeconds", "calcSeconds", "sheets": {name: [[cell, ...], ...]}}]}
where a cell is null (empty), a number, a string, or {"error": code} (LibreOffice's error code:
502 invalid argument / #NUM!, 503 #NUM!, 504 parameter list, 519 #VALUE!, 524 #REF!,
525 #NAME?, 532 #DIV/0!, 32767 #N/A...).

LibreOffice keeps an .xlsx file's cached results unless told otherwise; the files written by the
test carry none, and calculateAll() recomputes every formula whatever the load did.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # noqa: F401  (python3-uno: sets up the bridge)
from com.sun.star.beans import PropertyValue  # type: ignore
from com.sun.star.connection import NoConnectException  # type: ignore

SOFFICE = os.environ.get("SOFFICE", "soffice")


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start():
    profile = tempfile.mkdtemp(prefix="crm-lo-profile-")
    pipe = "crm_recalc_%d" % os.getpid()
    proc = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "-env:UserInstallation=file://" + profile,
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.time() + 90
    while True:
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            )
            break
        except NoConnectException:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("LibreOffice did not start")
            time.sleep(0.25)
    desktop = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", ctx
    )
    return proc, profile, desktop


def dump_sheet(sheet):
    """Values of the used area in one call; error cells (found by one query) replaced by their
    code. An empty cell and a formula showing "" both read as ""."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row = cursor.RangeAddress.EndRow
    last_col = cursor.RangeAddress.EndColumn
    rows = [list(r) for r in sheet.getCellRangeByPosition(0, 0, last_col, last_row).getDataArray()]
    error = 4  # com.sun.star.sheet.FormulaResult.ERROR
    ranges = sheet.queryFormulaCells(error)
    for address in ranges.getRangeAddresses():
        for r in range(address.StartRow, address.EndRow + 1):
            for c in range(address.StartColumn, address.EndColumn + 1):
                rows[r][c] = {"error": sheet.getCellByPosition(c, r).getError()}
    return rows


def main(paths):
    proc, profile, desktop = start()
    result = {"files": []}
    try:
        for path in paths:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            t0 = time.time()
            doc = desktop.loadComponentFromURL(
                url, "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
            )
            t1 = time.time()
            doc.calculateAll()
            t2 = time.time()
            sheets = {}
            if os.environ.get("RECALC_NO_DUMP") != "1":
                for i in range(doc.Sheets.Count):
                    sheet = doc.Sheets.getByIndex(i)
                    sheets[sheet.Name] = dump_sheet(sheet)
            doc.close(True)
            result["files"].append(
                {
                    "file": path,
                    "loadSeconds": t1 - t0,
                    "calcSeconds": t2 - t1,
                    "sheets": sheets,
                }
            )
    finally:
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as the process exits
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
